/*-------------------------------------------------------------------------
 *
 * starts.c
 *	  At most wormhole.max_starting_vms backends start their Java VM at once.
 *
 * Starting a VM and loading the first bundle costs a backend about half a
 * CPU-second.  Started all at once (a pool opening 48 connections, a restart
 * under load), the starts share the CPUs and all finish at the end; taken in
 * turn, each finishes in its own slice and answers meanwhile.  A counting
 * semaphore in shared memory (a counter under an LWLock, and a condition
 * variable to wait on) admits them; a backend waiting for its turn serves
 * interrupts (statement_timeout, pg_cancel_backend) and shows the wait in
 * pg_stat_activity as wait_event_type "Extension".
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "funcapi.h"
#include "pgstat.h"
#include "storage/condition_variable.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/guc.h"

int			wormhole_max_starting_vms;

typedef struct StartsShared
{
	LWLock	   *lock;
	ConditionVariable freed;	/* broadcast when a start ends */
	int			starting;
	int			waiting;
} StartsShared;

static StartsShared *starts;
static shmem_request_hook_type prev_shmem_request_hook;
static shmem_startup_hook_type prev_shmem_startup_hook;
static bool holding;
static bool counted_waiting;	/* this backend is in starts->waiting */

static void
starts_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(sizeof(StartsShared));
	RequestNamedLWLockTranche("wormhole_starts", 1);
}

static void
starts_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	starts = ShmemInitStruct("wormhole vm starts", sizeof(StartsShared), &found);
	if (!found)
	{
		memset(starts, 0, sizeof(StartsShared));
		starts->lock = &(GetNamedLWLockTranche("wormhole_starts"))->lock;
		ConditionVariableInit(&starts->freed);
	}
	LWLockRelease(AddinShmemInitLock);
}

/* The setting, defaulting to the host's CPUs, and the shared memory. */
void
wh_starts_init(void)
{
	int			cpus = wh_host_cpus();

	DefineCustomIntVariable("wormhole.max_starting_vms",
							"Most backends that start their Java VM at the same time; the others wait their turn.",
							"The default is the number of CPUs the server may use (its cgroup's CPU quota if lower) when it started.",
							&wormhole_max_starting_vms,
							cpus, 1, 1024,
							PGC_SIGHUP, 0,
							NULL, NULL, NULL);
	if (!process_shared_preload_libraries_in_progress)
		return;
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = starts_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = starts_shmem_startup;
}

/* Ends this backend's start: lets the next one in. Safe to call when it holds no turn. */
void
wh_starts_leave(void)
{
	if (!holding)
		return;
	LWLockAcquire(starts->lock, LW_EXCLUSIVE);
	starts->starting--;
	LWLockRelease(starts->lock);
	holding = false;
	ConditionVariableBroadcast(&starts->freed);
}

static void
stop_waiting(void)
{
	if (!counted_waiting)
		return;
	LWLockAcquire(starts->lock, LW_EXCLUSIVE);
	starts->waiting--;
	LWLockRelease(starts->lock);
	counted_waiting = false;
}

static void
starts_exit(int code, Datum arg)
{
	stop_waiting();
	wh_starts_leave();
}

static bool
try_enter(void)
{
	bool		entered;

	LWLockAcquire(starts->lock, LW_EXCLUSIVE);
	entered = starts->starting < wormhole_max_starting_vms;
	if (entered)
	{
		starts->starting++;
		holding = true;
	}
	if (entered == counted_waiting)
	{
		starts->waiting += entered ? -1 : 1;
		counted_waiting = !entered;
	}
	LWLockRelease(starts->lock);
	return entered;
}

/*
 * Waits for a turn to start the VM; the turn is held until wh_starts_leave
 * (or the backend's exit).  A cancel or timeout while waiting is an ERROR
 * as for any statement.
 */
void
wh_starts_enter(void)
{
	static bool exit_registered;

	if (holding)
		return;
	if (!exit_registered)
	{
		before_shmem_exit(starts_exit, (Datum) 0);
		exit_registered = true;
	}
	PG_TRY();
	{
		while (!try_enter())
			ConditionVariableSleep(&starts->freed, PG_WAIT_EXTENSION);
	}
	PG_CATCH();
	{
		stop_waiting();
		PG_RE_THROW();
	}
	PG_END_TRY();
	ConditionVariableCancelSleep();
}

PG_FUNCTION_INFO_V1(wormhole_vm_starts);

/* wormhole.vm_starts(): the limit, how many backends start their VM now, and how many wait for a turn. */
Datum
wormhole_vm_starts(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "wormhole.vm_starts must return a record");
	if (starts == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("wormhole must be loaded at server start"),
				 errhint("Add wormhole to shared_preload_libraries in postgresql.conf and restart the server.")));
	LWLockAcquire(starts->lock, LW_SHARED);
	values[0] = Int32GetDatum(wormhole_max_starting_vms);
	values[1] = Int32GetDatum(starts->starting);
	values[2] = Int32GetDatum(starts->waiting);
	LWLockRelease(starts->lock);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
