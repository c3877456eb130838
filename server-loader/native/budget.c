/*-------------------------------------------------------------------------
 *
 * budget.c
 *	  The cluster's memory budget for Java VMs: a cap in shared memory, the
 *	  admission of each VM against it, and the heap options that make a VM
 *	  keep to what it was admitted for.
 *
 * What a backend holds against wormhole.memory_cap is its VM's worst case,
 * reserved before the VM starts: the heap's maximum (-Xmx: wormhole.max_heap
 * for the old generation plus the young generation) and an allowance for the
 * VM's memory outside the heap.  Committed heap, updated after each call,
 * would let more VMs start, but the heap grows inside a call at the moment
 * the collector decides, with no way to ask first: only the reservation keeps
 * the promise that the VMs as a whole never take more than the cap.  Heap
 * that a call grew is given back after it (Backend.java asks for a collection
 * off the main thread); that lowers what the host really uses, not what is
 * reserved.
 *
 * A VM that does not fit waits up to wormhole.memory_wait for another backend
 * to exit, interruptibly, then fails with 53200 naming the setting.  The
 * reservation is returned when the backend exits (before_shmem_exit), so an
 * idle session keeps its VM and its share until it disconnects.
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
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/timestamp.h"

/*
 * The VM's own memory outside the heap (metaspace, code cache, GC tables,
 * threads, malloc): ~30 MB for an idle backend, measured on JDK 17; the rest
 * is room for bundles' classes and compiled code.
 */
#define NON_HEAP_MB 64

/* The default cap's share of the host's memory. */
#define CAP_SHARE_OF_RAM 4

int			wormhole_memory_cap_mb;
int			wormhole_max_heap_mb;
int			wormhole_memory_wait_ms;
int			wormhole_call_memory_limit_mb;

typedef struct BudgetShared
{
	LWLock	   *lock;
	ConditionVariable released; /* broadcast when a reservation is returned */
	int			reserved_mb;	/* sum of reserved_mb[] */
	int			vms;			/* backends holding a reservation */
	int			reserved[FLEXIBLE_ARRAY_MEMBER];	/* MB, by MyBackendId - 1 */
} BudgetShared;

static BudgetShared *budget;
static shmem_request_hook_type prev_shmem_request_hook;
static shmem_startup_hook_type prev_shmem_startup_hook;
static int	my_reserved_mb;

static Size
budget_size(void)
{
	return add_size(offsetof(BudgetShared, reserved), mul_size(MaxBackends, sizeof(int)));
}

static void
budget_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(budget_size());
	RequestNamedLWLockTranche("wormhole_budget", 1);
}

static void
budget_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	budget = ShmemInitStruct("wormhole memory budget", budget_size(), &found);
	if (!found)
	{
		memset(budget, 0, budget_size());
		budget->lock = &(GetNamedLWLockTranche("wormhole_budget"))->lock;
		ConditionVariableInit(&budget->released);
	}
	LWLockRelease(AddinShmemInitLock);
}

/* The young generation: small, so that idle backends keep little of it resident and one object may fill the heap. */
static int
young_mb(int heap_mb)
{
	return Max(4, Min(16, heap_mb / 8));
}

/* What a VM with this heap may take at most, as reserved against the cap. */
static int
vm_mb(int heap_mb)
{
	return heap_mb + young_mb(heap_mb) + NON_HEAP_MB;
}

/*
 * Registers the settings, with defaults sized from the host's memory (its
 * cgroup's limit if lower: hostlimits.c) and max_connections (the postmaster reads them once, at start), and the shared
 * memory.  The cap is a quarter of the host's memory, or what max_connections
 * VMs would take if that is less; each VM's heap is an eighth of the cap,
 * between 64 MB and 256 MB.
 */
void
wh_budget_init(void)
{
	int			ram_cap = wh_host_memory_mb() / CAP_SHARE_OF_RAM;
	int			heap = Max(64, Min(256, ram_cap / 8 / 16 * 16));
	int			cap = (int) Min((int64) ram_cap, (int64) MaxConnections * vm_mb(heap));

	DefineCustomIntVariable("wormhole.memory_cap",
							"Memory all backends' Java VMs may reserve together.",
							"Each VM reserves its heap's maximum and an allowance for the rest when it starts, "
							"and returns it when its backend exits. 0 means no cap.",
							&wormhole_memory_cap_mb,
							cap, 0, INT_MAX / 2,
							PGC_SIGHUP, GUC_UNIT_MB,
							NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.max_heap",
							"Java heap a backend's calls may hold (the old generation; -Xmx adds the young one).",
							"Read when a backend starts its Java VM. One object may take nearly all of it.",
							&wormhole_max_heap_mb,
							heap, 16, 64 * 1024,
							PGC_SUSET, GUC_UNIT_MB,
							NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.memory_wait",
							"How long a Java VM start waits for room under wormhole.memory_cap before it fails.",
							NULL,
							&wormhole_memory_wait_ms,
							5000, 0, 3600 * 1000,
							PGC_SUSET, GUC_UNIT_MS,
							NULL, NULL, NULL);
	DefineCustomIntVariable("wormhole.call_memory_limit",
							"Java heap one call may hold: the growth of the heap in use since the call began. 0 means no limit.",
							"Checked about every 50 ms while the call runs and when it returns; the default leaves "
							"half of wormhole.max_heap for the host's work around the call (its result's encoding).",
							&wormhole_call_memory_limit_mb,
							heap / 2, 0, INT_MAX / 2,
							PGC_SUSET, GUC_UNIT_MB,
							NULL, NULL, NULL);
	if (!process_shared_preload_libraries_in_progress)
		return;
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = budget_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = budget_shmem_startup;
}

/* Returns this backend's reservation when it exits. */
static void
budget_release(int code, Datum arg)
{
	if (my_reserved_mb == 0 || budget == NULL)
		return;
	LWLockAcquire(budget->lock, LW_EXCLUSIVE);
	budget->reserved_mb -= my_reserved_mb;
	budget->vms--;
	budget->reserved[MyBackendId - 1] = 0;
	LWLockRelease(budget->lock);
	my_reserved_mb = 0;
	ConditionVariableBroadcast(&budget->released);
}

/* Takes the reservation if it fits; returns what the others hold when it does not. */
static bool
try_reserve(int need, int *held, int *vms)
{
	bool		fits;

	LWLockAcquire(budget->lock, LW_EXCLUSIVE);
	fits = wormhole_memory_cap_mb == 0 || budget->reserved_mb + need <= wormhole_memory_cap_mb;
	if (fits)
	{
		budget->reserved_mb += need;
		budget->vms++;
		budget->reserved[MyBackendId - 1] = need;
		my_reserved_mb = need;
	}
	*held = budget->reserved_mb;
	*vms = budget->vms;
	LWLockRelease(budget->lock);
	return fits;
}

/*
 * Admits this backend's VM under the cap, waiting up to wormhole.memory_wait
 * for room (cancellable: the wait serves interrupts), or fails with 53200.
 */
void
wh_budget_admit_vm(void)
{
	static bool release_registered;
	int			need = vm_mb(wormhole_max_heap_mb);
	int			held;
	int			vms;
	TimestampTz deadline;

	if (my_reserved_mb > 0)
		return;
	if (!release_registered)
	{
		before_shmem_exit(budget_release, (Datum) 0);
		release_registered = true;
	}
	if (wormhole_memory_cap_mb > 0 && need > wormhole_memory_cap_mb)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("a Java VM with wormhole.max_heap = %d MB needs %d MB, more than wormhole.memory_cap (%d MB)",
						wormhole_max_heap_mb, need, wormhole_memory_cap_mb),
				 errhint("Lower wormhole.max_heap or raise wormhole.memory_cap.")));
	deadline = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), wormhole_memory_wait_ms);
	while (!try_reserve(need, &held, &vms))
	{
		long		left = TimestampDifferenceMilliseconds(GetCurrentTimestamp(), deadline);

		if (left <= 0)
		{
			ConditionVariableCancelSleep();
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("no room under wormhole.memory_cap (%d MB) for another Java VM of %d MB",
							wormhole_memory_cap_mb, need),
					 errdetail("%d backends' Java VMs hold %d MB; this one waited %d ms (wormhole.memory_wait) for one to exit.",
							   vms, held, wormhole_memory_wait_ms),
					 errhint("Raise wormhole.memory_cap, lower wormhole.max_heap, or end idle sessions that used Java.")));
		}
		(void) ConditionVariableTimedSleep(&budget->released, left, PG_WAIT_EXTENSION);
	}
	ConditionVariableCancelSleep();
}

/* Options appended after wormhole.jvm_options so they win: the heap the reservation was made for. */
void
wh_budget_vm_options(JavaVMOption *opts, int *n)
{
	int			young = young_mb(wormhole_max_heap_mb);

	opts[(*n)++].optionString = psprintf("-Xmx%dm", wormhole_max_heap_mb + young);
	opts[(*n)++].optionString = psprintf("-Xmn%dm", young);
	opts[(*n)++].optionString = psprintf("-Xms%dm", young + 8);
}

/* The heap is wormhole.max_heap's: a size in wormhole.jvm_options would make the reservation a lie. */
void
wh_budget_check_options(const char *options)
{
	static const char *const sizes[] = {"-Xmx", "-Xmn", "-Xms", "-XX:MaxHeapSize", "-XX:InitialHeapSize",
	"-XX:MinHeapSize", "-XX:MaxNewSize", "-XX:NewSize", "-XX:NewRatio", "-XX:MaxRAM"};

	for (int i = 0; i < lengthof(sizes); i++)
		if (strstr(options, sizes[i]) != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("wormhole.jvm_options may not size the heap (%s): the memory budget does", sizes[i]),
					 errhint("Set wormhole.max_heap instead, and remove %s from wormhole.jvm_options.", sizes[i])));
}

jlong		JNICALL
wh_bridge_max_heap(JNIEnv *env, jclass cls)
{
	return (jlong) wormhole_max_heap_mb * 1024 * 1024;
}

PG_FUNCTION_INFO_V1(wormhole_memory_budget);

/*
 * wormhole.memory_budget(): the cap, what all VMs reserve, how many hold a
 * reservation, and this backend's share, as one consistent row.
 */
Datum
wormhole_memory_budget(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "wormhole.memory_budget must return a record");
	if (budget == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("wormhole must be loaded at server start"),
				 errhint("Add wormhole to shared_preload_libraries in postgresql.conf and restart the server.")));
	LWLockAcquire(budget->lock, LW_SHARED);
	values[0] = Int32GetDatum(wormhole_memory_cap_mb);
	values[1] = Int32GetDatum(budget->reserved_mb);
	values[2] = Int32GetDatum(budget->vms);
	values[3] = Int32GetDatum(budget->reserved[MyBackendId - 1]);
	LWLockRelease(budget->lock);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
