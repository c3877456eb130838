/*-------------------------------------------------------------------------
 *
 * jvm.c
 *	  One Java VM per backend, created lazily on the first call.
 *
 * The VM runs with -Xrs so that PostgreSQL keeps its own handlers for
 * SIGINT, SIGTERM, SIGQUIT and friends; the threads the VM creates start
 * with those signals blocked, so they are always delivered to the backend's
 * main thread, the only one that ever runs PostgreSQL code.  The VM's exit
 * and abort hooks end this backend with FATAL: never a crash that would make
 * the postmaster restart every session.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <dlfcn.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "miscadmin.h"
#include "postmaster/bgworker.h"
#include "utils/guc.h"
#include "utils/memutils.h"

typedef jint (JNICALL * CreateJavaVM_fn) (JavaVM **, void **, void *);

jclass		wh_entry_class;
jmethodID	wh_entry_invoke;
jmethodID	wh_entry_verify;
jmethodID	wh_entry_default_allowlist;
jclass		wh_pg_exception_class;
jmethodID	wh_pg_exception_from_native;

static JavaVM *jvm;
static JNIEnv *main_env;
static pthread_t main_thread;
static bool main_thread_known;
static bool vm_unusable;

/* While JNI_CreateJavaVM runs, the exit hook jumps back here instead. */
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
 * Ends the backend from whichever thread the VM calls its hooks on.  On a VM
 * thread the main thread is frozen inside the VM and never runs again, so
 * this thread becomes the only one in PostgreSQL: it takes over the stack
 * depth base and must not longjmp to the main thread's handlers.
 */
static void
end_backend(const char *what, int status)
{
	if (!wh_on_main_thread())
	{
		set_stack_base();
		PG_exception_stack = NULL;
	}
	ereport(FATAL,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("the Java VM of this backend %s (status %d); the backend exits", what, status),
			 vm_output_len > 0 ? errdetail("The Java VM printed: %s", vm_output) : 0));
}

static void JNICALL
vm_exit_hook(jint status)
{
	if (create_jump != NULL && wh_on_main_thread())
		siglongjmp(*create_jump, 1);
	end_backend("exited", status);
}

static void JNICALL
vm_abort_hook(void)
{
	if (create_jump != NULL && wh_on_main_thread())
		siglongjmp(*create_jump, 1);
	end_backend("aborted", -1);
}

bool
wh_on_main_thread(void)
{
	return main_thread_known ? pthread_equal(pthread_self(), main_thread) : true;
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

static CreateJavaVM_fn
load_libjvm(void)
{
	static void *handle;
	CreateJavaVM_fn create;

	if (handle == NULL)
	{
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
	int			max = 8 + (int) strlen(user) / 2;
	JavaVMOption *opts = palloc0(sizeof(JavaVMOption) * max);
	int			n = 0;

	for (char *tok = strtok_r(user, " \t\n", &saveptr); tok != NULL; tok = strtok_r(NULL, " \t\n", &saveptr))
		opts[n++].optionString = tok;
	opts[n++].optionString = psprintf("-Djava.class.path=%s", wormhole_classpath);
	opts[n++].optionString = "-Xrs";
	opts[n].optionString = "exit";
	opts[n++].extraInfo = (void *) vm_exit_hook;
	opts[n].optionString = "abort";
	opts[n++].extraInfo = (void *) vm_abort_hook;
	opts[n].optionString = "vfprintf";
	opts[n++].extraInfo = (void *) vm_vfprintf;
	*count = n;
	return opts;
}

/* Raises the Java exception pending on env as an ERROR, naming what we were doing. */
static void
vm_start_failed(JNIEnv *env, const char *doing)
{
	char	   *text = "(no exception)";
	jthrowable	exc = (*env)->ExceptionOccurred(env);

	if (exc != NULL)
	{
		jclass		object;
		jmethodID	to_string;
		jstring		s;

		(*env)->ExceptionClear(env);
		object = (*env)->FindClass(env, "java/lang/Object");
		to_string = object ? (*env)->GetMethodID(env, object, "toString", "()Ljava/lang/String;") : NULL;
		s = to_string ? (jstring) (*env)->CallObjectMethod(env, exc, to_string) : NULL;
		if (s != NULL && !(*env)->ExceptionCheck(env))
		{
			const char *utf = (*env)->GetStringUTFChars(env, s, NULL);

			if (utf != NULL)
			{
				text = pstrdup(utf);
				(*env)->ReleaseStringUTFChars(env, s, utf);
			}
		}
		(*env)->ExceptionClear(env);
	}
	vm_unusable = true;
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_INVOCATION_EXCEPTION),
			 errmsg("the Java VM started but %s failed: %s", doing, text),
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

	wh_entry_class = global_class(env, "io/wormhole/server/Entry");
	wh_entry_invoke = (*env)->GetStaticMethodID(env, wh_entry_class, "invoke", "([B)[B");
	wh_entry_verify = (*env)->GetStaticMethodID(env, wh_entry_class, "verify", "([B)[B");
	wh_entry_default_allowlist = (*env)->GetStaticMethodID(env, wh_entry_class, "defaultAllowlist", "([B)[B");
	if (wh_entry_invoke == NULL || wh_entry_verify == NULL || wh_entry_default_allowlist == NULL)
		vm_start_failed(env, "finding the methods of Entry");
	wh_pg_exception_class = global_class(env, "io/wormhole/server/pg/PgException");
	wh_pg_exception_from_native = (*env)->GetStaticMethodID(env, wh_pg_exception_class, "fromNative",
															"([B[B[B[BI)Lio/wormhole/server/pg/PgException;");
	if (wh_pg_exception_from_native == NULL)
		vm_start_failed(env, "finding PgException.fromNative");
	bridge = (*env)->FindClass(env, "io/wormhole/server/pg/Bridge");
	if (bridge == NULL || !wh_register_natives(env, bridge))
		vm_start_failed(env, "registering the bridge's natives");
	start = (*env)->GetStaticMethodID(env, wh_entry_class, "start", "(J)V");
	if (start == NULL)
		vm_start_failed(env, "finding Entry.start");
	(*env)->CallStaticVoidMethod(env, wh_entry_class, start, (jlong) wormhole_worker_stack_kb * 1024);
	if ((*env)->ExceptionCheck(env))
		vm_start_failed(env, "Entry.start");
	(*env)->DeleteLocalRef(env, bridge);
}

/*
 * The main thread's JNIEnv, starting the VM on first use.  Raises an ERROR
 * naming the setting to fix when the VM cannot start.
 */
JNIEnv *
wh_jvm_env(void)
{
	CreateJavaVM_fn create;
	JavaVMInitArgs args;
	sigset_t	blocked;
	sigset_t	saved;
	sigjmp_buf	jump;
	jint		rc;
	JNIEnv	   *env = NULL;

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
	create = load_libjvm();

	args.version = JNI_VERSION_10;
	args.options = vm_options(&args.nOptions);
	args.ignoreUnrecognized = JNI_FALSE;

	postgres_signals(&blocked);
	pthread_sigmask(SIG_BLOCK, &blocked, &saved);
	vm_output_len = 0;
	vm_output[0] = '\0';
	main_thread = pthread_self();
	main_thread_known = true;
	if (sigsetjmp(jump, 1) == 0)
	{
		create_jump = &jump;
		rc = create(&jvm, (void **) &env, &args);
	}
	else
	{
		/* The VM gave up during initialization and called its exit hook. */
		rc = JNI_ERR;
		vm_unusable = true;
	}
	create_jump = NULL;
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
	PG_TRY();
	{
		bootstrap(env);
	}
	PG_FINALLY();
	{
		pthread_sigmask(SIG_SETMASK, &saved, NULL);
	}
	PG_END_TRY();
	main_env = env;
	return env;
}
