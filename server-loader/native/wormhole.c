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
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

char	   *wormhole_libjvm_path;
char	   *wormhole_classpath;
char	   *wormhole_jvm_options;
int			wormhole_worker_stack_kb;
bool		wormhole_trusted;

#define DEFAULT_JVM_OPTIONS \
	"-Xms16m -Xmx256m -XX:+UseSerialGC -Xshare:auto -XX:TieredStopAtLevel=1 " \
	"-XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m " \
	"-XX:-UsePerfData -Xss1m"

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomStringVariable("wormhole.libjvm_path",
							   "Path of the Java VM library (libjvm.so) that backends load.",
							   "Read when a backend starts its Java VM, at its first wormhole.invoke.",
							   &wormhole_libjvm_path,
							   WORMHOLE_DEFAULT_LIBJVM,
							   PGC_SUSET, 0,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("wormhole.classpath",
							   "Class path of the backends' Java VMs: the wormhole-server-loader.jar.",
							   "Read when a backend starts its Java VM.",
							   &wormhole_classpath,
							   WORMHOLE_DEFAULT_CLASSPATH,
							   PGC_SUSET, 0,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("wormhole.jvm_options",
							   "Options of the backends' Java VMs (heap, stack, GC, JIT), separated by spaces.",
							   "Read when a backend starts its Java VM. -Xrs and the class path are always added.",
							   &wormhole_jvm_options,
							   DEFAULT_JVM_OPTIONS,
							   PGC_SUSET, 0,
							   NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.worker_stack",
							"Stack size of the Java thread that runs calls.",
							"Deeper recursion in shipped code needs more; read when the Java VM starts.",
							&wormhole_worker_stack_kb,
							8192, 256, 1024 * 1024,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	DefineCustomBoolVariable("wormhole.trusted",
							 "Runs a superuser's bundles without the verifier and the sandbox.",
							 "Such bundles are kept in this backend only, never stored for other roles. Superusers only.",
							 &wormhole_trusted,
							 false,
							 PGC_SUSET, 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("wormhole");
}

/*
 * Extracts what a Java exception says (a PgException's SQLSTATE, message,
 * detail and hint; else its toString) and raises it, once nothing of Java
 * is left on the stack.
 */
static void
raise_java_exception(JNIEnv *env, jthrowable exc)
{
	static jmethodID get_state, get_message, get_detail, get_hint, to_string;
	char	   *state = NULL;
	char	   *message = NULL;
	char	   *detail = NULL;
	char	   *hint = NULL;
	bool		is_pg;

	if (get_state == NULL)
	{
		get_state = (*env)->GetMethodID(env, wh_pg_exception_class, "getSQLState", "()Ljava/lang/String;");
		get_message = (*env)->GetMethodID(env, wh_pg_exception_class, "getMessage", "()Ljava/lang/String;");
		get_detail = (*env)->GetMethodID(env, wh_pg_exception_class, "getDetail", "()Ljava/lang/String;");
		get_hint = (*env)->GetMethodID(env, wh_pg_exception_class, "getHint", "()Ljava/lang/String;");
		to_string = (*env)->GetMethodID(env, (*env)->FindClass(env, "java/lang/Object"), "toString",
										"()Ljava/lang/String;");
		(*env)->ExceptionClear(env);
	}
	(*env)->ExceptionClear(env);
	is_pg = (*env)->IsInstanceOf(env, exc, wh_pg_exception_class);

#define JAVA_STRING(target, obj, mid) \
	do { \
		jstring s_ = (mid) ? (jstring) (*env)->CallObjectMethod(env, obj, mid) : NULL; \
		if ((*env)->ExceptionCheck(env)) { (*env)->ExceptionClear(env); s_ = NULL; } \
		if (s_ != NULL) { \
			const char *u_ = (*env)->GetStringUTFChars(env, s_, NULL); \
			if (u_ != NULL) { target = pstrdup(u_); (*env)->ReleaseStringUTFChars(env, s_, u_); } \
			(*env)->DeleteLocalRef(env, s_); \
		} \
	} while (0)

	if (is_pg)
	{
		JAVA_STRING(state, exc, get_state);
		JAVA_STRING(message, exc, get_message);
		JAVA_STRING(detail, exc, get_detail);
		JAVA_STRING(hint, exc, get_hint);
	}
	else
		JAVA_STRING(message, exc, to_string);
#undef JAVA_STRING
	(*env)->ExceptionClear(env);

	ereport(ERROR,
			(errcode(state && strlen(state) == 5 ?
					 MAKE_SQLSTATE(state[0], state[1], state[2], state[3], state[4]) :
					 ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("%s", message ? message : "Java exception without a message"),
			 detail ? errdetail("%s", detail) : 0,
			 hint ? errhint("%s", hint) : 0));
}

PG_FUNCTION_INFO_V1(wormhole_invoke);

/*
 * wormhole.invoke(frame bytea) returns bytea: hands the request frame to
 * io.wormhole.server.Entry and returns its response frame.
 */
Datum
wormhole_invoke(PG_FUNCTION_ARGS)
{
	bytea	   *frame = PG_GETARG_BYTEA_PP(0);
	JNIEnv	   *env;
	jbyteArray	in;
	jbyteArray	out;
	jthrowable	exc;
	bytea	   *result = NULL;
	MemoryContext caller_cxt = CurrentMemoryContext;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for wormhole.invoke"),
				 errdetail("Until shipped code is verified, only superusers may run it.")));

	env = wh_jvm_env();
	if ((*env)->PushLocalFrame(env, 16) != 0)
	{
		(*env)->ExceptionClear(env);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory in the Java VM")));
	}
	in = (*env)->NewByteArray(env, VARSIZE_ANY_EXHDR(frame));
	if (in == NULL)
	{
		(*env)->ExceptionClear(env);
		(*env)->PopLocalFrame(env, NULL);
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("the Java VM has no room for a %zu-byte frame", VARSIZE_ANY_EXHDR(frame)),
				 errhint("Raise -Xmx in wormhole.jvm_options.")));
	}
	(*env)->SetByteArrayRegion(env, in, 0, VARSIZE_ANY_EXHDR(frame), (const jbyte *) VARDATA_ANY(frame));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	wh_call_begin();

	/*
	 * Nothing may longjmp through the Java frames below.  The natives catch
	 * every PostgreSQL error; should one escape them anyway, the JVM's view of
	 * this thread is beyond repair and only ending the backend is safe.
	 */
	PG_TRY();
	{
		out = (jbyteArray) (*env)->CallStaticObjectMethod(env, wh_entry_class, wh_entry_invoke, in);
	}
	PG_CATCH();
	{
		ereport(FATAL,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("a PostgreSQL error escaped into Java code; the backend exits")));
	}
	PG_END_TRY();

	exc = (*env)->ExceptionOccurred(env);
	(*env)->ExceptionClear(env);
	if (exc == NULL && out != NULL)
	{
		jsize		len = (*env)->GetArrayLength(env, out);

		result = (bytea *) MemoryContextAlloc(caller_cxt, len + VARHDRSZ);
		SET_VARSIZE(result, len + VARHDRSZ);
		(*env)->GetByteArrayRegion(env, out, 0, len, (jbyte *) VARDATA(result));
	}

	/* Whatever ends the call from here, the JNI frame of this call goes. */
	PG_TRY();
	{
		wh_call_end();
		wh_rethrow_pending_error();
		CHECK_FOR_INTERRUPTS();
		if (exc != NULL)
			raise_java_exception(env, exc);
		if (result == NULL)
			elog(ERROR, "io.wormhole.server.Entry returned no response");
	}
	PG_FINALLY();
	{
		(*env)->PopLocalFrame(env, NULL);
	}
	PG_END_TRY();
	SPI_finish();
	PG_RETURN_BYTEA_P(result);
}
