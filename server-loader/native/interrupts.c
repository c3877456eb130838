/*-------------------------------------------------------------------------
 *
 * interrupts.c
 *	  PostgreSQL's interrupts as Java sees them, and Statement.setQueryTimeout.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "storage/latch.h"
#include "utils/timeout.h"

/*
 * Statement.setQueryTimeout: a timeout of our own, armed around one statement.
 * Its cancel fails that statement only (57014, as pgJDBC's timeout does);
 * a cancel from PostgreSQL (pg_cancel_backend, statement_timeout) stops the call.
 */
static TimeoutId query_timeout_id;
static bool query_timeout_registered;
static bool query_timed_out;

static void
query_timeout_handler(void)
{
	QueryCancelPending = true;
	InterruptPending = true;
	SetLatch(MyLatch);
}

/* Whether this cancel is our query timeout firing, rather than PostgreSQL's. */
bool
wh_is_query_timeout(ErrorData *edata)
{
	if (edata->sqlerrcode != ERRCODE_QUERY_CANCELED || !query_timeout_registered ||
		!get_timeout_indicator(query_timeout_id, true))
		return false;
	query_timed_out = true;
	return true;
}

/* Reads PostgreSQL's InterruptPending flag; it only reads a flag, so it needs no guard. */
jboolean	JNICALL
wh_bridge_interrupt_pending(JNIEnv *env, jclass cls)
{
	return InterruptPending ? JNI_TRUE : JNI_FALSE;
}

static void
interrupts_work(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

jboolean	JNICALL
wh_bridge_process_interrupts(JNIEnv *env, jclass cls)
{
	WhNative	n;
	bool		ok;
	char		here = 0;	/* only its address: where this frame is */
	long		room;

	/* Leave cancel, termination and a lost client to PostgreSQL once the call has unwound. */
	if (QueryCancelPending || ProcDiePending || ClientConnectionLost)
		return JNI_TRUE;

	/*
	 * What else is pending stops nothing (a stats flush, a barrier, a memory
	 * context dump): where Java left too little stack for PostgreSQL, it waits
	 * for a shallower poll or the call's end rather than stop the call.
	 */
	if (!wh_stack_room(&here, &room))
		return JNI_FALSE;
	if (!wh_native_enter(env, &n))
		return JNI_TRUE;
	ok = wh_run_guarded(env, WH_GUARD_SUBXACT, interrupts_work, NULL);
	wh_native_leave(&n);
	if (!ok)
	{
		(*env)->ExceptionClear(env);
		return JNI_TRUE;
	}
	return JNI_FALSE;
}

static void
arm_work(void *arg)
{
	if (!query_timeout_registered)
	{
		query_timeout_id = RegisterTimeout(USER_TIMEOUT, query_timeout_handler);
		query_timeout_registered = true;
	}
	query_timed_out = false;
	enable_timeout_after(query_timeout_id, *(int *) arg);
}

void		JNICALL
wh_bridge_arm_timeout(JNIEnv *env, jclass cls, jint millis)
{
	WhNative	n;
	int			ms = millis;

	if (!wh_native_enter(env, &n))
		return;
	(void) wh_run_guarded(env, WH_GUARD_PLAIN, arm_work, &ms);
	wh_native_leave(&n);
}

static void
disarm_work(void *arg)
{
	disable_timeout(query_timeout_id, false);
	/* Fired as the statement finished: the cancel it raised has nothing left to stop. */
	if (get_timeout_indicator(query_timeout_id, true))
		QueryCancelPending = false;
	*(bool *) arg = query_timed_out;
	query_timed_out = false;
}

/*
 * Called when a call ends: a statement whose Java side failed between arming
 * and disarming (an OutOfMemoryError from the native) leaves the timeout
 * armed, and PostgreSQL disables timeouts only when an error aborts; armed
 * past the call, it would cancel a later statement of this session.  A
 * cancel it already raised is dropped with it.
 */
void
wh_query_timeout_reset(void)
{
	if (!query_timeout_registered)
		return;
	disable_timeout(query_timeout_id, false);
	if (get_timeout_indicator(query_timeout_id, true))
		QueryCancelPending = false;
	query_timed_out = false;
}

/* Disarms the query timeout; returns whether it failed the statement. */
jboolean	JNICALL
wh_bridge_disarm_timeout(JNIEnv *env, jclass cls)
{
	WhNative	n;
	bool		fired = false;

	if (!query_timeout_registered || !wh_native_enter(env, &n))
		return JNI_FALSE;
	(void) wh_run_guarded(env, WH_GUARD_PLAIN, disarm_work, &fired);
	wh_native_leave(&n);
	return fired ? JNI_TRUE : JNI_FALSE;
}
