/*-------------------------------------------------------------------------
 *
 * guard.c
 *	  Entering PostgreSQL from Java: on the main thread only, with enough
 *	  stack, and never letting an error longjmp across Java frames.
 *
 * Every native brackets its work with wh_native_enter/wh_native_leave (the
 * call's state for the watchdog, the stack check and the stack base) and
 * runs its PostgreSQL work through wh_run_guarded: inside PG_TRY and, for
 * the host's own steps, an internal subtransaction (as PL/Python does); a
 * statement of the call runs in none and an error rolls back the innermost
 * savepoint instead (as PL/pgSQL's exception blocks do).  Either way the
 * error is copied and reaches Java as a PgException carrying SQLSTATE,
 * message, detail, hint and position.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/xact.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

/* Memory for one native's work, reset when it returns. */
MemoryContext wh_native_cxt;

/*
 * An error Java must not be able to swallow: a cancel, or a failure outside
 * any subtransaction (after which only aborting the transaction is safe).
 * It reaches Java as an exception and is raised for real when the call ends.
 */
static ErrorData *pending_error;

/* Throws a new exception of a JDK class; no PostgreSQL code runs. */
void
wh_throw(JNIEnv *env, const char *class_name, const char *message)
{
	jclass		cls = (*env)->FindClass(env, class_name);

	if (cls != NULL)
		(*env)->ThrowNew(env, cls, message);
}

static jbyteArray
ascii_array(JNIEnv *env, const char *text)
{
	jbyteArray	arr;

	if (text == NULL)
		return NULL;
	arr = (*env)->NewByteArray(env, strlen(text));
	if (arr != NULL)
		(*env)->SetByteArrayRegion(env, arr, 0, strlen(text), (const jbyte *) text);
	return arr;
}

/* Throws a PgException built from ASCII texts; no PostgreSQL code runs. */
void
wh_throw_pg(JNIEnv *env, const char *sqlstate, const char *message, const char *detail, const char *hint)
{
	jthrowable	exc;

	if ((*env)->ExceptionCheck(env))
		return;
	exc = (jthrowable) (*env)->CallStaticObjectMethod(env, wh_pg_exception_class, wh_pg_exception_from_native,
													  ascii_array(env, message), ascii_array(env, sqlstate),
													  ascii_array(env, detail), ascii_array(env, hint), (jint) 0);
	if (exc != NULL && !(*env)->ExceptionCheck(env))
		(*env)->Throw(env, exc);
}

/*
 * Starts a native's PostgreSQL work.  Returns false, with a Java exception
 * pending, when it must not: another thread, no call running, or too little
 * stack left below the Java frames for max_stack_depth.
 */
bool
wh_native_enter(JNIEnv *env, WhNative *n)
{
	char		here;
	long		room;

	if (!wh_on_main_thread())
	{
		wh_throw(env, "java/lang/IllegalStateException", "only the backend's main thread may call into PostgreSQL");
		return false;
	}
	if (!wh_enter_pg())
	{
		wh_throw(env, "java/lang/IllegalStateException", "PostgreSQL can be reached only while a call runs");
		return false;
	}
	if (!wh_stack_room(&here, &room))
	{
		char		detail[256];

		wh_leave_pg();
		snprintf(detail, sizeof(detail),
				 "Java code left %ld kB of stack; a statement needs max_stack_depth (%d kB) plus %ld kB.",
				 room / 1024, max_stack_depth, (wh_stack_needed() / 1024) - max_stack_depth);
		wh_throw_pg(env, "54001", "stack depth limit exceeded", detail,
					"Recurse less deeply in Java before running a statement.");
		return false;
	}
	n->saved_base = set_stack_base();
	return true;
}

void
wh_native_leave(WhNative *n)
{
	restore_stack_base(n->saved_base);
	wh_leave_pg();
}

/* A copy of edata in the current memory context; edata lives in memory reset after each native. */
static ErrorData *
copy_error(ErrorData *edata)
{
	ErrorData  *copy = palloc(sizeof(ErrorData));

#define COPY_STRING(f) (copy->f = edata->f ? pstrdup(edata->f) : NULL)
	memcpy(copy, edata, sizeof(ErrorData));
	COPY_STRING(message);
	COPY_STRING(detail);
	COPY_STRING(detail_log);
	COPY_STRING(hint);
	COPY_STRING(context);
	COPY_STRING(backtrace);
	COPY_STRING(schema_name);
	COPY_STRING(table_name);
	COPY_STRING(column_name);
	COPY_STRING(datatype_name);
	COPY_STRING(constraint_name);
	COPY_STRING(internalquery);
#undef COPY_STRING
	copy->assoc_context = CurrentMemoryContext;
	return copy;
}

/*
 * Throws edata into Java as a PgException; remembers a cancel, or an error
 * the transaction did not recover from, so it cannot be swallowed.
 */
static void
throw_pg_error(JNIEnv *env, ErrorData *edata, bool recovered)
{
	bool		timed_out = wh_is_query_timeout(edata);
	jbyteArray	message = wh_new_utf8_array(env, timed_out ? "canceling statement due to query timeout" :
											edata->message ? edata->message : "unknown error");
	jbyteArray	state = wh_new_utf8_array(env, unpack_sql_state(edata->sqlerrcode));
	jbyteArray	detail = wh_new_utf8_array(env, edata->detail);
	jbyteArray	hint = wh_new_utf8_array(env, timed_out ?
										 "The statement ran longer than Statement.setQueryTimeout allows." :
										 edata->hint);
	jthrowable	exc;

	if (((edata->sqlerrcode == ERRCODE_QUERY_CANCELED && !timed_out) || !recovered) && pending_error == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);

		pending_error = copy_error(edata);
		MemoryContextSwitchTo(old);
	}
	if ((*env)->ExceptionCheck(env))
		return;
	exc = (jthrowable) (*env)->CallStaticObjectMethod(env, wh_pg_exception_class, wh_pg_exception_from_native,
													  message, state, detail, hint, (jint) edata->cursorpos);
	if (exc != NULL && !(*env)->ExceptionCheck(env))
		(*env)->Throw(env, exc);
}

/*
 * Throws 25P02 when an earlier statement of the call failed and no rollback
 * to a savepoint has happened since: PostgreSQL's own rule for a transaction
 * block, which the call's statements follow.  No PostgreSQL code runs.
 */
bool
wh_check_not_aborted(JNIEnv *env)
{
	const char *failed = wh_subxacts_aborted();
	char		detail[512];

	if (failed == NULL)
		return true;
	snprintf(detail, sizeof(detail), "An earlier statement of the call failed: %s", failed);
	wh_throw_pg(env, "25P02", "current transaction is aborted, commands ignored until end of transaction block",
				detail, "Roll back to a savepoint set before the failing statement, or let the exception end the call.");
	return false;
}

/*
 * Runs work as guard says (see wormhole.h).  An error is thrown into Java;
 * returns whether work succeeded.
 */
bool
wh_run_guarded(JNIEnv *env, WhGuard guard, pg_work work, void *arg)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	ErrorData  *volatile edata = NULL;
	volatile bool in_subxact = false;
	bool		recovered = false;

	PG_TRY();
	{
		if (guard == WH_GUARD_SUBXACT)
		{
			BeginInternalSubTransaction(NULL);
			in_subxact = true;
			MemoryContextSwitchTo(oldcxt);
		}
		work(arg);
		if (guard == WH_GUARD_SUBXACT)
		{
			ReleaseCurrentSubTransaction();
			in_subxact = false;
			MemoryContextSwitchTo(oldcxt);
			CurrentResourceOwner = oldowner;
		}
	}
	PG_CATCH();
	{
		wh_stop_capture();
		MemoryContextSwitchTo(wh_native_cxt);
		edata = CopyErrorData();
		FlushErrorState();
		if (in_subxact)
		{
			RollbackAndReleaseCurrentSubTransaction();
			recovered = true;
			MemoryContextSwitchTo(oldcxt);
			CurrentResourceOwner = oldowner;
		}
		else if (guard == WH_GUARD_STATEMENT)
		{
			/* Restores the memory context and resource owner of before that subtransaction. */
			recovered = wh_subxacts_abort_innermost(edata->message ? edata->message : "unknown error");
		}
		else
		{
			MemoryContextSwitchTo(oldcxt);
			CurrentResourceOwner = oldowner;
		}
	}
	PG_END_TRY();
	if (edata != NULL)
	{
		throw_pg_error(env, edata, recovered);
		return false;
	}
	return true;
}

/* Rows the call's own statements returned or changed (not the host's), for wormhole.method_stats. */
uint64		wh_call_rows = 0;

/* Called by wormhole.invoke around each call into Java. */
void
wh_call_begin(void)
{
	wh_call_rows = 0;
	wh_native_cxt = AllocSetContextCreate(CurrentMemoryContext, "wormhole native", ALLOCSET_DEFAULT_SIZES);
	wh_subxacts_reset();
	pending_error = NULL;
	wh_reset_capture();
}

void
wh_call_end(void)
{
	wh_query_timeout_reset();
	wh_subxacts_close();
	MemoryContextDelete(wh_native_cxt);
	wh_native_cxt = NULL;
}

void
wh_rethrow_pending_error(void)
{
	if (pending_error != NULL)
	{
		ErrorData  *e = pending_error;

		pending_error = NULL;
		ReThrowError(e);
	}
}
