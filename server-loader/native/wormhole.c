/*-------------------------------------------------------------------------
 *
 * wormhole.c
 *	  The extension's entry points: GUCs and wormhole.invoke(bytea).
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

PG_MODULE_MAGIC;

char	   *wormhole_libjvm_path;
char	   *wormhole_classpath;
char	   *wormhole_jvm_options;
bool		wormhole_trusted;
int			wormhole_stop_grace_ms;
int			wormhole_max_bundle_classes;
int			wormhole_max_class_size_kb;
int			wormhole_max_bundle_size_kb;
int			wormhole_max_result_size_kb;
bool		wh_preloaded = false;

/*
 * Tiered compilation with C2 (one thread of each compiler).  C1 alone was the
 * default while C2's warm-up was measured on a machine loaded by other work;
 * on a quiet one (native README, seventeenth round) C2 costs a cold first call
 * 10-20 ms of CPU and the first ten thousand calls their compiles, and then
 * takes about 2.5 us off a one-lookup call, 0.4 us off each statement and 8 us
 * off a call after an idle gap.  The C2 thread's arena is given back when the
 * backend goes idle (watchdog.c).
 *
 * ArchiveRelocationMode=0 maps the class-data archive at the address it was
 * made for instead of a random one: relocating writes a pointer into every
 * page, so each backend held a private copy of the archive (about 6 MB of
 * PSS more per backend at 50 backends; 22.8 MB against 16.6).  The price is
 * that the archive's metadata sits at the same address in every backend, as
 * the postmaster's own libraries already do in every forked backend.
 *
 * DisableAttachMechanism: under -Xrs HotSpot cannot start its attach listener
 * on demand (that takes SIGQUIT), so it starts one in every backend, which
 * cost a cold start about 6 ms of CPU and opened a socket nobody uses.
 *
 * Transparent huge pages (added where the kernel has them): a call that
 * builds a large result grows the heap it gave back after the previous one,
 * and in a virtual machine each 4 kB page's first touch is a costly fault;
 * in 2 MB pages a call returning a million small records took 0.9-1.0 s of
 * backend CPU instead of 1.25-1.5 s.  A backend holds about 4 MB more (PSS
 * at 10 and 50 backends 19.8 and 17.3 MB, against 15.9 and 13.4).
 */
#define DEFAULT_JVM_OPTIONS \
	"-XX:+UseSerialGC -XX:-ShrinkHeapInSteps -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 " \
	"-Xshare:auto " \
	"-XX:CICompilerCount=2 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m " \
	"-XX:-UsePerfData -XX:+DisableAttachMechanism -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"

void		_PG_init(void);

/*
 * The installed server-loader jar, found like PostgreSQL finds its own share
 * directory (relative to the server's binaries), so a relocated installation
 * uses its own jar.
 */
static const char *
default_classpath(void)
{
	char		share[MAXPGPATH];

	get_share_path(my_exec_path, share);
	return MemoryContextStrdup(TopMemoryContext, psprintf("%s/wormhole/wormhole-server-loader.jar", share));
}

/*
 * DEFAULT_JVM_OPTIONS, huge pages where the kernel has them, and the
 * class-data archive installed next to the jar (make install builds it),
 * which saves each backend loading and verifying
 * the loader's classes.  HotSpot maps it only if it was made from this very
 * jar and JVM; otherwise (-Xshare:auto) the VM starts without it.  Options
 * are split on white space, so a share path with a blank goes without.
 */
static const char *
default_jvm_options(void)
{
	char		share[MAXPGPATH];
	const char *huge = access("/sys/kernel/mm/transparent_hugepage/enabled", R_OK) == 0 ?
		" -XX:+UseTransparentHugePages" : "";

	get_share_path(my_exec_path, share);
	if (strpbrk(share, " \t\n") != NULL)
		return MemoryContextStrdup(TopMemoryContext, psprintf("%s%s", DEFAULT_JVM_OPTIONS, huge));
	return MemoryContextStrdup(TopMemoryContext,
							   psprintf("%s%s -XX:SharedArchiveFile=%s/wormhole/wormhole-server-loader.jsa",
										DEFAULT_JVM_OPTIONS, huge, share));
}

void
_PG_init(void)
{
	/*
	 * The shared state (statistics, the memory budget, the start semaphore)
	 * lives in shared memory, which only a library loaded with the postmaster
	 * can ask for.  Loaded later, the library still defines its settings so
	 * that the error below is the only thing that goes wrong.
	 */
	wh_preloaded = process_shared_preload_libraries_in_progress;
	DefineCustomStringVariable("wormhole.libjvm_path",
							   "Path of the Java VM library (libjvm.so) that backends load.",
							   "The postmaster loads it when it starts; another library takes a restart.",
							   &wormhole_libjvm_path,
							   WORMHOLE_DEFAULT_LIBJVM,
							   PGC_SUSET, 0,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("wormhole.classpath",
							   "Class path of the backends' Java VMs: the wormhole-server-loader.jar.",
							   "Read when a backend starts its Java VM.",
							   &wormhole_classpath,
							   default_classpath(),
							   PGC_SUSET, 0,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("wormhole.jvm_options",
							   "Options of the backends' Java VMs (heap, stack, GC, JIT), separated by spaces.",
							   "Read when a backend starts its Java VM. -Xrs and the class path are always added.",
							   &wormhole_jvm_options,
							   default_jvm_options(),
							   PGC_SUSET, 0,
							   NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.stop_grace",
							"CPU time a call may spend ignoring a cancel, a statement timeout or a termination before its backend ends itself.",
							"Shipped code stops at once; JDK code that does not poll (a huge BigInteger, a regular expression) cannot be stopped otherwise.",
							&wormhole_stop_grace_ms,
							500, 50, 60000,
							PGC_SUSET, GUC_UNIT_MS,
							NULL, NULL, NULL);
	DefineCustomBoolVariable("wormhole.trusted",
							 "Runs a superuser's bundles without the verifier and the sandbox.",
							 "Such bundles are kept in this backend only, never stored for other roles. Superusers only.",
							 &wormhole_trusted,
							 false,
							 PGC_SUSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.max_bundle_classes",
							"Most classes a shipped bundle may hold.",
							NULL,
							&wormhole_max_bundle_classes,
							2000, 1, 65535,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.max_class_size",
							"Largest class file a shipped bundle may hold.",
							NULL,
							&wormhole_max_class_size_kb,
							1024, 1, 65536,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.max_bundle_size",
							"Largest total size of a shipped bundle's class files.",
							NULL,
							&wormhole_max_bundle_size_kb,
							16384, 1, 1024 * 1024,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.max_result_size",
							"Largest encoded result (or exception) a call may send back.",
							"A larger one fails the call with an error naming this setting, rather than exhausting the Java heap.",
							&wormhole_max_result_size_kb,
							64 * 1024, 1, 1024 * 1024 - 1,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	wh_activity_init();
	wh_stats_init();
	wh_host_write_init();
	wh_budget_init();
	wh_starts_init();
	wh_outcomes_init();
	MarkGUCPrefixReserved("wormhole");
	if (wh_preloaded)
		wh_jvm_preload();
}

/*
 * The answer's bytes (one byte[], or the pieces of a chunked answer,
 * byte[][], one after the other) copied into one bytea allocated in cxt: a
 * large result is never one Java array.  Raises nothing: a failure is
 * returned as a message, raised once the call's state is cleaned up.
 */
static bytea *
copy_answer(JNIEnv *env, jobject out, bool chunked, MemoryContext cxt, const char **failure, int *code)
{
	jsize		count = chunked ? (*env)->GetArrayLength(env, (jobjectArray) out) : 1;
	Size		total = 0;
	Size		at = 0;
	bytea	   *result;

	/* A small answer's few pieces are looked up once: they stay referenced until the local frame is popped. */
	jobject		kept[8];
	jsize		kept_length[8];

	for (jsize i = 0; i < count; i++)
	{
		jobject		chunk = chunked ? (*env)->GetObjectArrayElement(env, (jobjectArray) out, i) : out;
		jsize		n;

		if (chunk == NULL)
		{
			*failure = "the Java answer has a missing piece";
			*code = ERRCODE_INTERNAL_ERROR;
			return NULL;
		}
		n = (*env)->GetArrayLength(env, (jbyteArray) chunk);
		total += n;
		if (i < lengthof(kept))
		{
			kept[i] = chunk;
			kept_length[i] = n;
		}
		else
			(*env)->DeleteLocalRef(env, chunk);
	}
	if (total > MaxAllocSize - VARHDRSZ)
	{
		*failure = "the answer is larger than a bytea can be (1 GB)";
		*code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		return NULL;
	}
	result = (bytea *) MemoryContextAllocExtended(cxt, total + VARHDRSZ, MCXT_ALLOC_NO_OOM);
	if (result == NULL)
	{
		*failure = "out of memory for the answer";
		*code = ERRCODE_OUT_OF_MEMORY;
		return NULL;
	}
	SET_VARSIZE(result, total + VARHDRSZ);
	for (jsize i = 0; i < count; i++)
	{
		bool		was_kept = i < lengthof(kept);
		jobject		chunk = was_kept ? kept[i] : (*env)->GetObjectArrayElement(env, (jobjectArray) out, i);
		jsize		n = was_kept ? kept_length[i] : chunk != NULL ? (*env)->GetArrayLength(env, (jbyteArray) chunk) : -1;

		if (n < 0 || at + n > total)
		{
			pfree(result);
			*failure = "the Java answer changed while it was copied";
			*code = ERRCODE_INTERNAL_ERROR;
			return NULL;
		}
		(*env)->GetByteArrayRegion(env, (jbyteArray) chunk, 0, n, (jbyte *) VARDATA(result) + at);
		if (!was_kept)
			(*env)->DeleteLocalRef(env, chunk);
		if ((*env)->ExceptionCheck(env))
		{
			(*env)->ExceptionClear(env);
			pfree(result);
			*failure = "the Java answer could not be copied";
			*code = ERRCODE_INTERNAL_ERROR;
			return NULL;
		}
		at += n;
	}
	return result;
}

/* A call's answer that Java put into the shared buffer (SharedBuffer.offer), copied into a bytea allocated in cxt. */
static bytea *
shared_answer(MemoryContext cxt, const char **failure, int *code)
{
	int			len = wh_shared_buffer_length();
	bytea	   *result;

	if (len < 0)
	{
		*failure = "the Java answer is longer than the shared buffer";
		*code = ERRCODE_INTERNAL_ERROR;
		return NULL;
	}
	result = (bytea *) MemoryContextAllocExtended(cxt, len + VARHDRSZ, MCXT_ALLOC_NO_OOM);
	if (result == NULL)
	{
		*failure = "out of memory for the answer";
		*code = ERRCODE_OUT_OF_MEMORY;
		return NULL;
	}
	SET_VARSIZE(result, len + VARHDRSZ);
	memcpy(VARDATA(result), wh_shared_buffer + sizeof(uint32), len);
	return result;
}

/*
 * Calls a static byte[] -> byte[] method of io.wormhole.server.Entry (found
 * once the VM has started) with the bytes of arg, or, given the call's
 * settings, Entry.invoke, which answers in pieces (byte[][]), a frame and an
 * answer that fit crossing through the shared buffer instead; inside SPI, and
 * returns the bytes as a bytea allocated in the caller's memory context.
 * Everything Java does, the method and the encoding of its outcome, runs
 * while the call's state says "in Java", under the watchdog.
 */
static bytea *
call_entry(jmethodID *method, const WhCallSettings *settings, const char *data, Size len)
{
	JNIEnv	   *env;
	jbyteArray	in = NULL;
	jobject		out = NULL;
	jthrowable	exc;
	WhJavaError error = {0};
	bytea	   *result = NULL;
	const char *copy_failure = NULL;
	char	   *broken_class;
	int			copy_code = 0;
	MemoryContext caller_cxt = CurrentMemoryContext;
	ErrorContextCallback context;

	if (wh_in_call())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("re-entry refused: wormhole.invoke cannot run inside a Wormhole call"),
				 errhint("Call the other method directly from Java instead.")));
	if (!wh_preloaded)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("wormhole must be loaded at server start"),
				 errdetail("Its statistics, memory budget and start limits live in shared memory."),
				 errhint("Add wormhole to shared_preload_libraries in postgresql.conf and restart the server.")));
	env = wh_jvm_env();
	wh_stack_check_depth_setting();
	if ((*env)->PushLocalFrame(env, 16) != 0)
	{
		(*env)->ExceptionClear(env);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory in the Java VM")));
	}
	/* A call's frame that fits goes through the shared buffer (SharedBuffer.take). */
	if (settings != NULL && len <= WH_SHARED_BUFFER_SIZE)
		memcpy(wh_shared_buffer, data, len);
	else
	{
		in = (*env)->NewByteArray(env, len);
		if (in == NULL)
		{
			(*env)->ExceptionClear(env);
			(*env)->PopLocalFrame(env, NULL);
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("the Java VM has no room for %zu bytes", len),
					 errhint("Raise -Xmx in wormhole.jvm_options.")));
		}
		(*env)->SetByteArrayRegion(env, in, 0, len, (const jbyte *) data);
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	wh_call_begin();

	/*
	 * Nothing may longjmp through the Java frames below.  The natives catch
	 * every PostgreSQL error; should one escape them anyway, the JVM's view of
	 * this thread is beyond repair and only ending the backend is safe.
	 */
	wh_activity_context_push(&context);
	wh_call_enter_java();
	PG_TRY();
	{
		if (settings != NULL)
			out = (*env)->CallStaticObjectMethod(env, wh_entry_class, *method, in, (jint) len, settings->session,
												 settings->trust_generation, settings->call_memory_limit,
												 settings->max_result_bytes);
		else
			out = (*env)->CallStaticObjectMethod(env, wh_entry_class, *method, in);
	}
	PG_CATCH();
	{
		ereport(FATAL,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("a PostgreSQL error escaped into Java code; the backend exits")));
	}
	PG_END_TRY();
	wh_call_leave_java();
	wh_activity_context_pop(&context);

	exc = (*env)->ExceptionOccurred(env);
	(*env)->ExceptionClear(env);
	if (exc != NULL)
		wh_describe_exception(env, exc, &error);
	else if (out != NULL)
		result = copy_answer(env, out, settings != NULL, caller_cxt, &copy_failure, &copy_code);
	else if (settings != NULL)
		result = shared_answer(caller_cxt, &copy_failure, &copy_code);
	/* A PgException is the host's ordinary way to fail a call; anything else is its code failing. */
	broken_class = wh_classinit_broken(env, exc != NULL && !(*env)->IsInstanceOf(env, exc, wh_pg_exception_class));
	(*env)->PopLocalFrame(env, NULL);

	wh_call_end();
	wh_activity_restore();
	if (wh_stack_tripwire_touched())
		ereport(FATAL,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("Java code of this call ran to the end of the stack; the backend ends"),
				 errdetail("A recursion inside the JDK, on nested objects or functions the call built, went past the "
						   "stack kept for the JDK, where it can fail without a trace and stay wrong for every later "
						   "call of this backend.%s%s", exc != NULL ? " The call failed with: " : "",
						   exc != NULL ? error.message : ""),
				 errhint("Nest less deeply. A new connection starts a new Java VM.")));
	if (broken_class != NULL)
		ereport(FATAL,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("the Java class %s failed to initialize during this call; the backend ends", broken_class),
				 errdetail("A class of the JDK or of the Wormhole host that failed to initialize would fail every "
						   "later call of this backend.%s%s", exc != NULL ? " The call failed with: " : "",
						   exc != NULL ? error.message : ""),
				 errhint("Code that catches StackOverflowError or OutOfMemoryError and goes on (printing, running "
						 "statements) makes this happen. A new connection starts a new Java VM.")));
	wh_rethrow_pending_error();
	CHECK_FOR_INTERRUPTS();
	if (copy_failure != NULL)
		ereport(ERROR,
				(errcode(copy_code),
				 errmsg("%s", copy_failure),
				 errhint("Lower wormhole.max_result_size, or return less from the call.")));
	if (exc != NULL)
	{
		const char *state = error.sqlstate;

		ereport(ERROR,
				(errcode(state && strlen(state) == 5 ?
						 MAKE_SQLSTATE(state[0], state[1], state[2], state[3], state[4]) :
						 ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("%s", error.message),
				 error.detail ? errdetail("%s", error.detail) : 0,
				 error.hint ? errhint("%s", error.hint) : 0));
	}
	if (result == NULL)
		elog(ERROR, "io.wormhole.server.Entry returned nothing");
	SPI_finish();
	return result;
}

PG_FUNCTION_INFO_V1(wormhole_invoke);

/*
 * wormhole.invoke(frame bytea) returns bytea: runs the call a request frame
 * describes and returns the response frame.  EXECUTE on it is the privilege
 * to run bundles (granted through the wormhole_run role).
 */
Datum
wormhole_invoke(PG_FUNCTION_ARGS)
{
	bytea	   *frame = PG_GETARG_BYTEA_PP(0);
	WhCallSettings settings;
	int			encoding = pg_get_client_encoding();
	bytea	   *response;

	wh_outcome_call_starts(VARDATA_ANY(frame), VARSIZE_ANY_EXHDR(frame));
	wh_call_settings(&settings);
	response = call_entry(&wh_entry_invoke, &settings, VARDATA_ANY(frame), VARSIZE_ANY_EXHDR(frame));

	/*
	 * The client that sent the call (pgJDBC) closes its connection when
	 * client_encoding stops being what it set, and could not tell whether the
	 * call committed.  A call that changed it fails instead: the error undoes
	 * the change with the rest of the call's work, and the connection stays.
	 */
	if (pg_get_client_encoding() != encoding)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("a Wormhole call cannot change client_encoding"),
				 errdetail("The call set it to %s; the client's driver needs %s.",
						   pg_get_client_encoding_name(), pg_encoding_to_char(encoding)),
				 errhint("Convert text in Java instead; the call's work was undone.")));
	PG_RETURN_BYTEA_P(response);
}

PG_FUNCTION_INFO_V1(wormhole_verify);

/* wormhole.verify(classes bytea) returns text: the verifier's verdict on a bundle, installing nothing. */
Datum
wormhole_verify(PG_FUNCTION_ARGS)
{
	bytea	   *classes = PG_GETARG_BYTEA_PP(0);
	bytea	   *verdict;

	verdict = call_entry(&wh_entry_verify, NULL, VARDATA_ANY(classes), VARSIZE_ANY_EXHDR(classes));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(VARDATA(verdict), VARSIZE(verdict) - VARHDRSZ));
}

PG_FUNCTION_INFO_V1(wormhole_start_vm);

/*
 * wormhole.start_vm() returns boolean: starts this backend's Java VM now
 * rather than at its first call, and runs the loader's first-call path once
 * on a sample of its own (verifier, sandbox, Kryo), so that a pool can pay a
 * backend's cold start when it opens the connection.  True when this call
 * started the VM.
 */
Datum
wormhole_start_vm(PG_FUNCTION_ARGS)
{
	bool		started = !wh_jvm_running();

	call_entry(&wh_entry_warm, NULL, "", 0);
	PG_RETURN_BOOL(started);
}

PG_FUNCTION_INFO_V1(wormhole_default_allowlist);

/* wormhole.default_allowlist() returns setof text: the rules the verifier ships with, one a row. */
Datum
wormhole_default_allowlist(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bytea	   *text_bytes;
	char	   *text;
	char	   *saveptr = NULL;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	text_bytes = call_entry(&wh_entry_default_allowlist, NULL, "", 0);
	text = pnstrdup(VARDATA(text_bytes), VARSIZE(text_bytes) - VARHDRSZ);
	for (char *line = strtok_r(text, "\n", &saveptr); line != NULL; line = strtok_r(NULL, "\n", &saveptr))
	{
		Datum		value = CStringGetTextDatum(line);
		bool		isnull = false;

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
	}
	return (Datum) 0;
}
