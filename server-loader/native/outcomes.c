/*-------------------------------------------------------------------------
 *
 * outcomes.c
 *	  Call ids and what became of the calls they name.
 *
 * A client that saw its connection break in the middle of a call cannot
 * tell whether the call committed.  Each call carries an id the client made
 * (a version 7 UUID: 48 bits of Unix time in milliseconds, then random bits);
 * the server records the ids of calls that returned and wrote something in
 * wormhole.call_outcomes, in the caller's transaction, so a record commits
 * exactly when the call's work does (io.wormhole.server.call.Outcomes).
 * wormhole.call_outcome(id) then answers:
 *
 *	  in progress	a backend is running the call, or its transaction (which
 *					holds the call's record) has not ended: ask again later.
 *					Shared memory holds, per backend, the id of the last call
 *					of its open transaction, set before the call starts its VM
 *					and cleared when the transaction ends; a record inserted
 *					by a transaction still in progress is found with a dirty
 *					snapshot, as a unique check finds it.
 *	  committed		the record is there, committed.
 *	  unknown		no record, and the id is older than
 *					wormhole.call_outcome_retention: it may have been removed.
 *	  not committed	none of the above: the call rolled back, never ran, or
 *					wrote nothing.
 *
 * The slot is read before the record: a backend inserts the record before
 * its transaction ends and clears the slot only after, so a lookup that
 * misses the slot finds any record that can still commit.
 *
 * Old records are removed by calls, a few at a time with SKIP LOCKED, by id:
 * the time in the id is the one both the removal and the "unknown" verdict
 * use, so a removed record always reads as "unknown", never as "not
 * committed".  The highest cutoff any removal used is kept in shared memory,
 * so raising the retention cannot turn removed records into "not committed".
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/genam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "port/atomics.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

/* The request frame's layout (runtime/WIRE.md): the call id follows the bundle hash when flag 4 is set. */
#define FRAME_FLAGS_AT 5
#define FRAME_CALL_ID_AT 38
#define FLAG_CALL_ID 4

typedef struct CallSlot
{
	slock_t		mutex;
	bool		used;
	pg_uuid_t	id;
} CallSlot;

typedef struct OutcomesShared
{
	pg_atomic_uint64 removed_below_ms;
	CallSlot	slots[FLEXIBLE_ARRAY_MEMBER];
} OutcomesShared;

static int	retention_s;
static OutcomesShared *shared;
static shmem_request_hook_type prev_shmem_request_hook;
static shmem_startup_hook_type prev_shmem_startup_hook;
static bool xact_callback_registered;

static Size
shared_size(void)
{
	return add_size(offsetof(OutcomesShared, slots), mul_size(MaxBackends, sizeof(CallSlot)));
}

static void
outcomes_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(shared_size());
}

static void
outcomes_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	shared = ShmemInitStruct("wormhole call outcomes", shared_size(), &found);
	if (!found)
	{
		pg_atomic_init_u64(&shared->removed_below_ms, 0);
		for (int i = 0; i < MaxBackends; i++)
		{
			SpinLockInit(&shared->slots[i].mutex);
			shared->slots[i].used = false;
		}
	}
	LWLockRelease(AddinShmemInitLock);
}

/* From _PG_init: the retention setting, and the shared memory when loaded with the postmaster. */
void
wh_outcomes_init(void)
{
	DefineCustomIntVariable("wormhole.call_outcome_retention",
							"How long the server keeps the ids of committed calls, for wormhole.call_outcome().",
							"Older ids read as 'unknown'. Each writing call adds a row of about 60 bytes to wormhole.call_outcomes.",
							&retention_s,
							900, 1, 30 * 24 * 3600,
							PGC_SIGHUP, GUC_UNIT_S,
							NULL, NULL, NULL);
	if (!process_shared_preload_libraries_in_progress)
		return;
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = outcomes_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = outcomes_shmem_startup;
}

static CallSlot *
my_slot(void)
{
	if (shared == NULL || MyBackendId < 1 || MyBackendId > MaxBackends)
		return NULL;
	return &shared->slots[MyBackendId - 1];
}

static void
clear_slot(void)
{
	CallSlot   *slot = my_slot();

	if (slot == NULL)
		return;
	SpinLockAcquire(&slot->mutex);
	slot->used = false;
	SpinLockRelease(&slot->mutex);
}

/* The transaction that held the call's record (if any) has ended: the record now answers alone. */
static void
outcomes_xact_callback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PREPARE ||
		event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT)
		clear_slot();
}

/*
 * wormhole.invoke received a frame: if it carries a call id, the call is in
 * progress from now until its transaction ends.  The frame is not trusted
 * here (Java refuses a malformed one); a bogus id only names a call that
 * fails.
 */
void
wh_outcome_call_starts(const char *frame, Size len)
{
	CallSlot   *slot = my_slot();

	if (slot == NULL || wh_in_call() || len < FRAME_CALL_ID_AT + UUID_LEN || memcmp(frame, "WHRQ", 4) != 0 ||
		(frame[FRAME_FLAGS_AT] & FLAG_CALL_ID) == 0)
		return;
	if (!xact_callback_registered)
	{
		RegisterXactCallback(outcomes_xact_callback, NULL);
		xact_callback_registered = true;
	}
	SpinLockAcquire(&slot->mutex);
	memcpy(slot->id.data, frame + FRAME_CALL_ID_AT, UUID_LEN);
	slot->used = true;
	SpinLockRelease(&slot->mutex);
}

static bool
running_anywhere(const pg_uuid_t *id)
{
	for (int i = 0; i < MaxBackends; i++)
	{
		CallSlot   *slot = &shared->slots[i];
		bool		same;

		SpinLockAcquire(&slot->mutex);
		same = slot->used && memcmp(slot->id.data, id->data, UUID_LEN) == 0;
		SpinLockRelease(&slot->mutex);
		if (same)
			return true;
	}
	return false;
}

typedef enum RecordState
{
	RECORD_NONE,
	RECORD_IN_PROGRESS,
	RECORD_COMMITTED
} RecordState;

/*
 * The call's record as a unique check sees it: committed, inserted by a
 * transaction still in progress, or absent (never inserted, or rolled back).
 */
static RecordState
find_record(Oid schema, const pg_uuid_t *id)
{
	Oid			relid = get_relname_relid("call_outcomes", schema);
	Relation	heap;
	Relation	index;
	SnapshotData dirty;
	ScanKeyData key;
	IndexScanDesc scan;
	TupleTableSlot *tuple;
	RecordState state = RECORD_NONE;

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table %s.call_outcomes does not exist", get_namespace_name(schema)),
				 errhint("Update the wormhole extension (ALTER EXTENSION wormhole UPDATE).")));
	heap = table_open(relid, AccessShareLock);
	index = index_open(RelationGetPrimaryKeyIndex(heap), AccessShareLock);
	InitDirtySnapshot(dirty);
	ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_UUID_EQ, UUIDPGetDatum(id));
	scan = index_beginscan(heap, index, &dirty, 1, 0);
	index_rescan(scan, &key, 1, NULL, 0);
	tuple = table_slot_create(heap, NULL);
	while (index_getnext_slot(scan, ForwardScanDirection, tuple))
	{
		if (!TransactionIdIsValid(dirty.xmin))
		{
			state = RECORD_COMMITTED;
			break;
		}
		state = RECORD_IN_PROGRESS;
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(tuple);
	index_close(index, AccessShareLock);
	table_close(heap, AccessShareLock);
	return state;
}

static int64
now_ms(void)
{
	return (int64) (GetCurrentTimestamp() / 1000) + (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * 1000;
}

/* The time a version 7 UUID was made, in Unix milliseconds. */
static int64
id_ms(const pg_uuid_t *id)
{
	int64		ms = 0;

	for (int i = 0; i < 6; i++)
		ms = (ms << 8) | id->data[i];
	return ms;
}

PG_FUNCTION_INFO_V1(wormhole_call_outcome);

/* wormhole.call_outcome(id uuid) returns text: see the head of this file. */
Datum
wormhole_call_outcome(PG_FUNCTION_ARGS)
{
	pg_uuid_t  *id = PG_GETARG_UUID_P(0);
	int64		expired_below;

	if ((id->data[6] >> 4) != 7 || (id->data[8] >> 6) != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is not a Wormhole call id", DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(id)))),
				 errdetail("Call ids are version 7 UUIDs (RFC 9562), made by the client for each call.")));
	if (shared == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("wormhole must be loaded at server start"),
				 errhint("Add wormhole to shared_preload_libraries in postgresql.conf and restart the server.")));
	if (running_anywhere(id))
		PG_RETURN_TEXT_P(cstring_to_text("in progress"));
	switch (find_record(get_func_namespace(fcinfo->flinfo->fn_oid), id))
	{
		case RECORD_COMMITTED:
			PG_RETURN_TEXT_P(cstring_to_text("committed"));
		case RECORD_IN_PROGRESS:
			PG_RETURN_TEXT_P(cstring_to_text("in progress"));
		case RECORD_NONE:
			break;
	}
	expired_below = Max(now_ms() - (int64) retention_s * 1000,
						(int64) pg_atomic_read_u64(&shared->removed_below_ms));
	if (id_ms(id) < expired_below)
		PG_RETURN_TEXT_P(cstring_to_text("unknown"));
	PG_RETURN_TEXT_P(cstring_to_text("not committed"));
}

/* Whether the transaction has written anything (it has an xid): only then has a call something to record. */
jboolean	JNICALL
wh_bridge_transaction_wrote(JNIEnv *env, jclass cls)
{
	return FullTransactionIdIsValid(GetTopFullTransactionIdIfAny()) ? JNI_TRUE : JNI_FALSE;
}

/*
 * The Unix time in milliseconds below which call records may be removed
 * now; remembered as the lowest time lookups may call "not committed".
 */
jlong		JNICALL
wh_bridge_outcome_cutoff(JNIEnv *env, jclass cls)
{
	uint64		cutoff = (uint64) (now_ms() - (int64) retention_s * 1000);
	uint64		seen;

	if (shared == NULL)
		return 0;
	seen = pg_atomic_read_u64(&shared->removed_below_ms);
	while (seen < cutoff && !pg_atomic_compare_exchange_u64(&shared->removed_below_ms, &seen, cutoff))
		;
	return (jlong) cutoff;
}
