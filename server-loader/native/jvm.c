/*-------------------------------------------------------------------------
 *
 * jvm.c
 *	  One Java VM per backend, created lazily on the first call, on the
 *	  backend's main thread, where every call then runs.
 *
 * The VM runs with -Xrs so that PostgreSQL keeps its own handlers for
 * SIGINT, SIGTERM, SIGQUIT and friends; the threads the VM creates start
 * with those signals blocked, so they are always delivered to the main
 * thread.  Its -Xss is the main thread's real stack (stack.c).  Only the
 * VM's controlled exits end the backend with a FATAL; anything else that
 * makes the VM abort (a fault in native code) stays a crash, so that the
 * postmaster resets shared memory that code may have damaged.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <dlfcn.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "postmaster/bgworker.h"
#include "utils/guc.h"
#include "utils/memutils.h"

typedef jint (JNICALL * CreateJavaVM_fn) (JavaVM **, void **, void *);

JavaVM	   *wh_jvm;
pthread_t	wh_main_thread;
jclass		wh_entry_class;
jmethodID	wh_entry_invoke;
jmethodID	wh_entry_verify;
jmethodID	wh_entry_warm;
jmethodID	wh_entry_default_allowlist;
jclass		wh_pg_exception_class;
jmethodID	wh_pg_exception_from_native;
jclass		wh_backend_class;
jfieldID	wh_backend_stopping;

static JNIEnv *main_env;
static JNIEnv *create_vm(CreateJavaVM_fn create);
static bool main_thread_known;
static bool vm_unusable;

/* While JNI_CreateJavaVM runs, the exit and abort hooks jump back here instead. */
static sigjmp_buf *create_jump;

/* What the VM printed, kept for error details; the VM may print from any thread. */
#define VM_OUTPUT_SIZE 4096
static char vm_output[VM_OUTPUT_SIZE];
static volatile int vm_output_len;

static jint JNICALL
vm_vfprintf(FILE *fp, const char *format, va_list args)
{
	char		line[1024];
	int			n;
	va_list		copy;

	va_copy(copy, args);
	n = vsnprintf(line, sizeof(line), format, copy);
	va_end(copy);
	if (n > 0)
	{
		int			len = Min(n, (int) sizeof(line) - 1);
		int			at = vm_output_len;

		if (at + len < VM_OUTPUT_SIZE)
		{
			memcpy(vm_output + at, line, len);
			vm_output[at + len] = '\0';
			vm_output_len = at + len;
		}
	}
	return vfprintf(fp, format, args);
}

/*
 * The VM ends this backend in a controlled way.  On the main thread (the one
 * that runs calls) the FATAL is raised at once; on another VM thread (HotSpot
 * runs System.exit's hook on its VM thread, while the main thread waits for
 * it) the watchdog ends the backend.
 */
static void
vm_ended(const char *what, int status)
{
	char		message[1024];

	snprintf(message, sizeof(message), "the Java VM of this backend %s (status %d); the backend exits%s%s",
			 what, status, vm_output_len > 0 ? ". The Java VM printed: " : "", vm_output);
	if (!wh_on_main_thread())
		wh_vm_ended(message);
	wh_claim_end();
	wh_end_backend(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION, message, NULL);
}

static void JNICALL
vm_exit_hook(jint status)
{
	if (create_jump != NULL && wh_on_main_thread())
		siglongjmp(*create_jump, 1);
	vm_ended("exited", status);
}

/*
 * HotSpot aborts on a fault it cannot attribute to Java (a bug in native
 * code: a crash, which must stay one) and when its own native memory runs out
 * (a controlled end, reported as such).
 */
static void JNICALL
vm_abort_hook(void)
{
	if (create_jump != NULL && wh_on_main_thread())
		siglongjmp(*create_jump, 1);
	if (strstr(vm_output, "insufficient memory for the Java Runtime Environment") != NULL)
		vm_ended("ran out of native memory", -1);
	/* Returning lets HotSpot call abort(): the postmaster sees a crash. */
}

/*
 * PostgreSQL's proc_exit runs every cleanup it owns and then calls exit();
 * what is left for exit() to run belongs to the VM (static destructors, its
 * exit handlers), which may wait for threads or locks of a VM that is still
 * running: end the process there.
 */
static void
exit_without_vm_teardown(int status, void *arg)
{
	_exit(status);
}

bool
wh_on_main_thread(void)
{
	return main_thread_known ? pthread_equal(pthread_self(), wh_main_thread) : true;
}

/* The signals PostgreSQL handles itself; the VM's threads must never take them. */
static void
postgres_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGQUIT);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGALRM);
	sigaddset(set, SIGUSR1);
	sigaddset(set, SIGURG);
	sigaddset(set, SIGCHLD);
}

static void
check_classpath(const char *classpath)
{
	char	   *copy = pstrdup(classpath);
	char	   *saveptr = NULL;

	for (char *entry = strtok_r(copy, ":", &saveptr); entry != NULL;
		 entry = strtok_r(NULL, ":", &saveptr))
	{
		if (access(entry, R_OK) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FILE),
					 errmsg("could not read \"%s\" on wormhole.classpath: %m", entry),
					 errhint("Set wormhole.classpath to the installed wormhole-server-loader.jar (the default is \"%s\").",
							 GetConfigOptionResetString("wormhole.classpath"))));
	}
	pfree(copy);
}

/* The Java VM library the postmaster loaded for every backend, or NULL. */
static char *preloaded_libjvm = NULL;

/*
 * Called in the postmaster when the library is preloaded: maps the Java VM's
 * libraries once, so that every backend inherits them loaded and relocated
 * and a JVM start skips that work (about 10 ms and 400 page faults for
 * libjvm.so alone, and faults are dear in a virtual machine).  The VM's own
 * dlopen of a library already loaded returns it.  Loading runs no Java and
 * starts no thread: only the libraries' constructors run.  A failure costs
 * only the saving: a backend then reports it when it loads the library
 * itself.
 */
void
wh_jvm_preload(void)
{
	/* The libraries in libjvm.so's ../ that every start of a JDK 17 loads. */
	static const char *const siblings[] = {
		"libjava.so", "libjimage.so", "libzip.so", "libnio.so", "libnet.so", "libverify.so", "libjsvml.so",
	};
	char		dir[MAXPGPATH];

	if (dlopen(wormhole_libjvm_path, RTLD_NOW | RTLD_LOCAL) == NULL)
	{
		ereport(LOG,
				(errmsg("wormhole: could not preload the Java VM library \"%s\": %s", wormhole_libjvm_path, dlerror()),
				 errhint("Backends load it when they start their Java VM; set wormhole.libjvm_path to the libjvm.so of a Java 17 or newer runtime.")));
		return;
	}
	preloaded_libjvm = MemoryContextStrdup(TopMemoryContext, wormhole_libjvm_path);
	strlcpy(dir, wormhole_libjvm_path, sizeof(dir));
	get_parent_directory(dir);
	get_parent_directory(dir);
	for (int i = 0; i < lengthof(siblings); i++)
	{
		char		path[MAXPGPATH];

		snprintf(path, sizeof(path), "%s/%s", dir, siblings[i]);
		(void) dlopen(path, RTLD_NOW | RTLD_LOCAL);
	}
}

/*
 * A backend may not load another Java VM library than the preloaded one: the
 * JDK's own libraries name theirs as "libjvm.so", which the dynamic linker
 * would bind to the one loaded first, and a JDK 25 started so in a server
 * that preloaded JDK 17 died at once (and with it every session).  The same
 * file under another name is the same library.
 */
static void
check_same_libjvm(void)
{
	struct stat preloaded;
	struct stat wanted;

	if (preloaded_libjvm == NULL || stat(wormhole_libjvm_path, &wanted) != 0 ||
		(stat(preloaded_libjvm, &preloaded) == 0 &&
		 preloaded.st_dev == wanted.st_dev && preloaded.st_ino == wanted.st_ino))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM),
			 errmsg("wormhole.libjvm_path names \"%s\", but the server loaded \"%s\" when it started",
					wormhole_libjvm_path, preloaded_libjvm),
			 errdetail("One process cannot hold two Java VM libraries."),
			 errhint("Set wormhole.libjvm_path in postgresql.conf (or with ALTER SYSTEM), then restart the server.")));
}

static CreateJavaVM_fn
load_libjvm(void)
{
	static void *handle;
	CreateJavaVM_fn create;

	if (handle == NULL)
	{
		check_same_libjvm();
		handle = dlopen(wormhole_libjvm_path, RTLD_NOW | RTLD_LOCAL);
		if (handle == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FILE),
					 errmsg("could not load the Java VM library \"%s\": %s", wormhole_libjvm_path, dlerror()),
					 errhint("Set wormhole.libjvm_path to the libjvm.so of a Java 17 or newer runtime.")));
	}
	create = (CreateJavaVM_fn) dlsym(handle, "JNI_CreateJavaVM");
	if (create == NULL)
	{
		dlclose(handle);
		handle = NULL;
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("\"%s\" is not a Java VM library: it has no JNI_CreateJavaVM", wormhole_libjvm_path),
				 errhint("Set wormhole.libjvm_path to the libjvm.so of a Java 17 or newer runtime.")));
	}
	return create;
}

/*
 * The options: the user's wormhole.jvm_options (split on white space) and the
 * ones the host depends on, which come last so they win.
 */
static JavaVMOption *
vm_options(int *count)
{
	char	   *user = pstrdup(wormhole_jvm_options);
	char	   *saveptr = NULL;
	int			max = 12 + (int) strlen(user) / 2;
	JavaVMOption *opts = palloc0(sizeof(JavaVMOption) * max);
	int			n = 0;

	for (char *tok = strtok_r(user, " \t\n", &saveptr); tok != NULL; tok = strtok_r(NULL, " \t\n", &saveptr))
		opts[n++].optionString = tok;
	opts[n++].optionString = psprintf("-Djava.class.path=%s", wormhole_classpath);
	opts[n++].optionString = "-Xrs";
	opts[n++].optionString = wh_stack_xss_option();
	wh_budget_vm_options(opts, &n);
	opts[n].optionString = "exit";
	opts[n++].extraInfo = (void *) vm_exit_hook;
	opts[n].optionString = "abort";
	opts[n++].extraInfo = (void *) vm_abort_hook;
	opts[n].optionString = "vfprintf";
	opts[n++].extraInfo = (void *) vm_vfprintf;
	*count = n;
	return opts;
}

/* The code point of the three-byte sequence at p, or -1 when it is not one. */
static int32
three_byte_point(const unsigned char *p)
{
	if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
		return -1;
	return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

/*
 * JNI hands strings over in modified UTF-8, which PostgreSQL's messages (and
 * every client and log reader) take for invalid UTF-8: NUL is C0 80 and a
 * character beyond the BMP is two encoded surrogates.  This writes NUL and
 * a lone surrogate as U+FFFD and a surrogate pair as its four-byte form.
 */
static char *
standard_utf8(const char *modified)
{
	const unsigned char *p = (const unsigned char *) modified;
	StringInfoData out;

	initStringInfo(&out);
	while (*p != '\0')
	{
		int32		point = three_byte_point(p);

		if (p[0] == 0xC0 && p[1] == 0x80)
		{
			appendStringInfoString(&out, "\xEF\xBF\xBD");
			p += 2;
		}
		else if (point >= 0xD800 && point <= 0xDBFF && three_byte_point(p + 3) >= 0xDC00 &&
				 three_byte_point(p + 3) <= 0xDFFF)
		{
			int32		c = 0x10000 + ((point - 0xD800) << 10) + (three_byte_point(p + 3) - 0xDC00);

			appendStringInfoChar(&out, (char) (0xF0 | (c >> 18)));
			appendStringInfoChar(&out, (char) (0x80 | ((c >> 12) & 0x3F)));
			appendStringInfoChar(&out, (char) (0x80 | ((c >> 6) & 0x3F)));
			appendStringInfoChar(&out, (char) (0x80 | (c & 0x3F)));
			p += 6;
		}
		else if (point >= 0xD800 && point <= 0xDFFF)
		{
			appendStringInfoString(&out, "\xEF\xBF\xBD");
			p += 3;
		}
		else
			appendStringInfoChar(&out, (char) *p++);
	}
	return out.data;
}

static char *
java_string(JNIEnv *env, jstring s)
{
	const char *utf;
	char	   *copy;

	if (s == NULL)
		return NULL;
	utf = (*env)->GetStringUTFChars(env, s, NULL);
	if (utf == NULL)
	{
		(*env)->ExceptionClear(env);
		return NULL;
	}
	copy = standard_utf8(utf);
	(*env)->ReleaseStringUTFChars(env, s, utf);
	(*env)->DeleteLocalRef(env, s);
	return copy;
}

/* Calls a String-returning method of ours (no shipped code runs); NULL on any failure. */
static char *
call_string(JNIEnv *env, jobject obj, jmethodID method)
{
	jstring		s;

	if (method == NULL)
		return NULL;
	s = (jstring) (*env)->CallObjectMethod(env, obj, method);
	if ((*env)->ExceptionCheck(env))
	{
		(*env)->ExceptionClear(env);
		return NULL;
	}
	return java_string(env, s);
}

/*
 * What a Java exception thrown to C says.  Only our own PgException is asked
 * for its texts; of anything else only the class name is read, so no shipped
 * code (an exception's getMessage or toString) ever runs outside a call's
 * supervision.
 */
void
wh_describe_exception(JNIEnv *env, jthrowable exc, WhJavaError *out)
{
	static jmethodID get_state, get_message, get_detail, get_hint, class_name;
	jclass		cls;

	memset(out, 0, sizeof(*out));
	(*env)->ExceptionClear(env);
	if (class_name == NULL)
	{
		jclass		class_class = (*env)->FindClass(env, "java/lang/Class");

		class_name = class_class ? (*env)->GetMethodID(env, class_class, "getName", "()Ljava/lang/String;") : NULL;
		if (wh_pg_exception_class != NULL)
		{
			get_state = (*env)->GetMethodID(env, wh_pg_exception_class, "getSQLState", "()Ljava/lang/String;");
			get_message = (*env)->GetMethodID(env, wh_pg_exception_class, "getMessage", "()Ljava/lang/String;");
			get_detail = (*env)->GetMethodID(env, wh_pg_exception_class, "getDetail", "()Ljava/lang/String;");
			get_hint = (*env)->GetMethodID(env, wh_pg_exception_class, "getHint", "()Ljava/lang/String;");
		}
		(*env)->ExceptionClear(env);
	}
	if (wh_pg_exception_class != NULL && (*env)->IsInstanceOf(env, exc, wh_pg_exception_class))
	{
		out->sqlstate = call_string(env, exc, get_state);
		out->message = call_string(env, exc, get_message);
		out->detail = call_string(env, exc, get_detail);
		out->hint = call_string(env, exc, get_hint);
	}
	else
	{
		char	   *name;

		cls = (*env)->GetObjectClass(env, exc);
		name = call_string(env, cls, class_name);
		(*env)->DeleteLocalRef(env, cls);
		if (name == NULL)
			name = "an unknown exception";
		if (strcmp(name, "java.lang.StackOverflowError") == 0)
			out->sqlstate = "54001";
		else if (strcmp(name, "java.lang.OutOfMemoryError") == 0)
			out->sqlstate = "53200";
		else if (strcmp(name, "io.wormhole.server.pg.CallCancelledError") == 0)
			out->sqlstate = "57014";
		out->message = psprintf("the Java side of Wormhole failed with %s", name);
	}
	if (out->message == NULL)
		out->message = "Java exception without a message";
}

/* Raises the Java exception pending on env as an ERROR, naming what we were doing. */
static void
vm_start_failed(JNIEnv *env, const char *doing)
{
	jthrowable	exc = (*env)->ExceptionOccurred(env);
	WhJavaError e = {0};

	if (exc != NULL)
		wh_describe_exception(env, exc, &e);
	vm_unusable = true;
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
			 errmsg("the Java VM started but %s failed: %s", doing, e.message ? e.message : "(no exception)"),
			 errhint("Check that wormhole.classpath (\"%s\") is the wormhole-server-loader.jar of this version, then reconnect.",
					 wormhole_classpath)));
}

static jclass
global_class(JNIEnv *env, const char *name)
{
	jclass		local = (*env)->FindClass(env, name);
	jclass		global;

	if (local == NULL)
		vm_start_failed(env, psprintf("loading %s", name));
	global = (*env)->NewGlobalRef(env, local);
	(*env)->DeleteLocalRef(env, local);
	return global;
}

/* Looks up what the host calls and starts the Java side, with the VM's signals blocked. */
static void
bootstrap(JNIEnv *env)
{
	jclass		bridge;
	jmethodID	start;
	const char *why;

	wh_pg_exception_class = global_class(env, "io/wormhole/server/pg/PgException");
	wh_pg_exception_from_native = (*env)->GetStaticMethodID(env, wh_pg_exception_class, "fromNative",
															"([B[B[B[BI)Lio/wormhole/server/pg/PgException;");
	if (wh_pg_exception_from_native == NULL)
		vm_start_failed(env, "finding PgException.fromNative");
	wh_entry_class = global_class(env, "io/wormhole/server/Entry");
	wh_entry_invoke = (*env)->GetStaticMethodID(env, wh_entry_class, "invoke", "([BIJJJI)[[B");
	wh_entry_verify = (*env)->GetStaticMethodID(env, wh_entry_class, "verify", "([B)[B");
	wh_entry_default_allowlist = (*env)->GetStaticMethodID(env, wh_entry_class, "defaultAllowlist", "([B)[B");
	wh_entry_warm = (*env)->GetStaticMethodID(env, wh_entry_class, "warm", "([B)[B");
	if (wh_entry_invoke == NULL || wh_entry_verify == NULL || wh_entry_default_allowlist == NULL ||
		wh_entry_warm == NULL)
		vm_start_failed(env, "finding the methods of Entry");
	wh_backend_class = global_class(env, "io/wormhole/server/pg/Backend");
	wh_backend_stopping = (*env)->GetStaticFieldID(env, wh_backend_class, "stopping", "Z");
	if (wh_backend_stopping == NULL)
		vm_start_failed(env, "finding Backend.stopping");
	if (!wh_classinit_start(env, &why))
		vm_start_failed(env, why);
	bridge = (*env)->FindClass(env, "io/wormhole/server/pg/Bridge");
	if (bridge == NULL || !wh_register_natives(env, bridge))
		vm_start_failed(env, "registering the bridge's natives");
	start = (*env)->GetStaticMethodID(env, wh_entry_class, "start", "()V");
	if (start == NULL)
		vm_start_failed(env, "finding Entry.start");
	(*env)->CallStaticVoidMethod(env, wh_entry_class, start);
	if ((*env)->ExceptionCheck(env))
		vm_start_failed(env, "Entry.start");
	(*env)->DeleteLocalRef(env, bridge);
}

/*
 * The main thread's JNIEnv, starting the VM on first use, once the memory
 * budget admitted it and its turn to start came (budget.c, starts.c).
 * Raises an ERROR naming the setting to fix when the VM cannot start.
 */
bool
wh_jvm_running(void)
{
	return main_env != NULL;
}

JNIEnv *
wh_jvm_env(void)
{
	CreateJavaVM_fn create;
	JNIEnv	   *volatile env = NULL;

	if (main_env != NULL)
		return main_env;
	if (MyBackendType != B_BACKEND)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("Wormhole runs Java only in client backends, not in %s processes",
						GetBackendTypeDesc(MyBackendType))));
	if (vm_unusable)
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
				 errmsg("the Java VM of this backend failed to start earlier and cannot be started again in this session"),
				 errhint("Fix the setting named by the first error, then reconnect.")));

	check_classpath(wormhole_classpath);
	wh_budget_check_options(wormhole_jvm_options);
	create = load_libjvm();
	wh_budget_admit_vm();
	wh_starts_enter();
	PG_TRY();
	{
		env = create_vm(create);
	}
	PG_FINALLY();
	{
		wh_starts_leave();
	}
	PG_END_TRY();
	main_env = env;
	return env;
}

/*
 * Creates the VM and starts the Java side, with PostgreSQL's signals blocked
 * while the VM makes its threads.
 */
static JNIEnv *
create_vm(CreateJavaVM_fn create)
{
	JavaVMInitArgs args;
	sigset_t	blocked;
	sigset_t	saved;
	sigjmp_buf	jump;
	jint		rc;
	JNIEnv	   *env = NULL;

	args.version = JNI_VERSION_10;
	args.options = vm_options(&args.nOptions);
	args.ignoreUnrecognized = JNI_FALSE;

	postgres_signals(&blocked);
	pthread_sigmask(SIG_BLOCK, &blocked, &saved);
	vm_output_len = 0;
	vm_output[0] = '\0';
	wh_main_thread = pthread_self();
	main_thread_known = true;
	wh_archive_copy_begin();
	if (sigsetjmp(jump, 1) == 0)
	{
		create_jump = &jump;
		rc = create(&wh_jvm, (void **) &env, &args);
	}
	else
	{
		/* The VM gave up during initialization and called its exit or abort hook. */
		rc = JNI_ERR;
	}
	create_jump = NULL;
	wh_archive_copy_end(rc == JNI_OK);
	if (rc == JNI_OK)
		wh_stack_tripwire_arm();
	if (rc != JNI_OK)
	{
		/*
		 * HotSpot claims a second JNI_CreateJavaVM may follow a failed one,
		 * but the VM it then makes ignores its class path: do not offer it.
		 */
		vm_unusable = true;
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
				 errmsg("could not start the Java VM (JNI_CreateJavaVM returned %d)", (int) rc),
				 vm_output_len > 0 ? errdetail("The Java VM printed: %s", vm_output) : 0,
				 errhint("Check wormhole.jvm_options (\"%s\") and wormhole.libjvm_path (\"%s\"), then reconnect.",
						 wormhole_jvm_options, wormhole_libjvm_path)));
	}
	if (on_exit(exit_without_vm_teardown, NULL) != 0)
		elog(ERROR, "on_exit failed");
	PG_TRY();
	{
		bootstrap(env);
		wh_notices_install();
		wh_watchdog_start();
		wh_client_check_init();
	}
	PG_FINALLY();
	{
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
	}
	PG_END_TRY();
	return env;
}
