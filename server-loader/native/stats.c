/*-------------------------------------------------------------------------
 *
 * stats.c
 *	  Per-method call statistics in shared memory, as pg_stat_statements keeps
 *	  its counters: no SQL and no transaction, so counting a call takes no
 *	  lock the caller's transaction would keep.
 *
 * A shared hash keyed by (database, role, bundle hash, method) holds calls,
 * errors, rows its statements returned or changed, total time and the last
 * use; the method is the text the call showed
 * in pg_stat_activity (activity.c), kept in the entry and hashed in the key.
 * wormhole.max_bundle_stats bounds it; when it is full the
 * least recently used tenth of the entries make room.  The postmaster writes
 * the entries to pg_stat/wormhole_stats.stat at a clean shutdown and reads
 * them back (and removes the file) at the next start; after a crash they
 * start from zero, as pg_stat_statements' do.  wormhole.call_stats() shows
 * the current database's entries; the view wormhole.method_stats shows them
 * by method, wormhole.bundle_stats sums them by bundle next to
 * wormhole.bundles.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <sys/stat.h>
#include <unistd.h>

#include "fmgr.h"
#include "funcapi.h"
#include "pgstat.h"
#include "storage/fd.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "storage/spin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "utils/hsearch.h"
#include "utils/timestamp.h"

#define STATS_FILE PGSTAT_STAT_PERMANENT_DIRECTORY "/wormhole_stats.stat"
#define STATS_FILE_MAGIC 0x57484d33	/* "WHM3": change it when WhStatsEntry changes */
#define BUNDLE_HASH_LEN 32
#define METHOD_TEXT_LEN 256

typedef struct WhStatsKey
{
	Oid			dbid;
	Oid			userid;
	uint8		hash[BUNDLE_HASH_LEN];
	uint64		method_id;		/* hash of the method's text */
} WhStatsKey;

typedef struct WhStatsCounters
{
	int64		calls;
	int64		errors;
	int64		rows;
	int64		total_ns;
	TimestampTz last_used;
} WhStatsCounters;

typedef struct WhStatsEntry
{
	WhStatsKey	key;
	WhStatsCounters counters;
	char		method[METHOD_TEXT_LEN];	/* set once when the entry is made */
	slock_t		mutex;			/* protects counters; the hash's lock, shared, keeps the entry */
} WhStatsEntry;

typedef struct WhStatsShared
{
	LWLock	   *lock;			/* exclusive to add or remove entries */
} WhStatsShared;

static int	max_bundle_stats;
static WhStatsShared *stats;
static HTAB *stats_hash;
static shmem_request_hook_type prev_shmem_request_hook;
static shmem_startup_hook_type prev_shmem_startup_hook;

static Size
stats_memsize(void)
{
	return add_size(MAXALIGN(sizeof(WhStatsShared)), hash_estimate_size(max_bundle_stats, sizeof(WhStatsEntry)));
}

static void
stats_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(stats_memsize());
	RequestNamedLWLockTranche("wormhole_stats", 1);
}

/* Writes the entries at a clean shutdown of the postmaster, for the next start to read. */
static void
stats_shmem_shutdown(int code, Datum arg)
{
	FILE	   *file;
	HASH_SEQ_STATUS seq;
	WhStatsEntry *entry;
	uint32		header[2] = {STATS_FILE_MAGIC, 0};

	if (code != 0 || stats == NULL)
		return;
	header[1] = (uint32) hash_get_num_entries(stats_hash);
	file = AllocateFile(STATS_FILE ".tmp", PG_BINARY_W);
	if (file == NULL)
		goto error;
	if (fwrite(header, sizeof(header), 1, file) != 1)
		goto error;
	hash_seq_init(&seq, stats_hash);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		if (fwrite(&entry->key, sizeof(WhStatsKey), 1, file) != 1 ||
			fwrite(&entry->counters, sizeof(WhStatsCounters), 1, file) != 1 ||
			fwrite(entry->method, METHOD_TEXT_LEN, 1, file) != 1)
		{
			hash_seq_term(&seq);
			goto error;
		}
	}
	if (FreeFile(file))
	{
		file = NULL;
		goto error;
	}
	(void) durable_rename(STATS_FILE ".tmp", STATS_FILE, LOG);
	return;

error:
	ereport(LOG,
			(errcode_for_file_access(),
			 errmsg("could not write Wormhole statistics file \"%s\": %m", STATS_FILE ".tmp")));
	if (file)
		FreeFile(file);
	unlink(STATS_FILE ".tmp");
}

static WhStatsEntry *
enter(const WhStatsKey *key, const char *method)
{
	bool		found;
	WhStatsEntry *entry = hash_search(stats_hash, key, HASH_ENTER, &found);

	if (!found)
	{
		memset(&entry->counters, 0, sizeof(WhStatsCounters));
		strlcpy(entry->method, method, METHOD_TEXT_LEN);
		SpinLockInit(&entry->mutex);
	}
	return entry;
}

/* Reads what the last clean shutdown wrote; the file goes, so a crash restarts from zero. */
static void
stats_load(void)
{
	FILE	   *file = AllocateFile(STATS_FILE, PG_BINARY_R);
	uint32		header[2];

	if (file == NULL)
	{
		if (errno != ENOENT)
			ereport(LOG,
					(errcode_for_file_access(),
					 errmsg("could not read Wormhole statistics file \"%s\": %m", STATS_FILE)));
		return;
	}
	if (fread(header, sizeof(header), 1, file) == 1 && header[0] == STATS_FILE_MAGIC)
	{
		ereport(LOG, (errmsg("loading %u Wormhole statistics entries from \"%s\"", header[1], STATS_FILE)));
		for (uint32 i = 0; i < header[1] && i < (uint32) max_bundle_stats; i++)
		{
			WhStatsKey	key;
			WhStatsCounters counters;
			char		method[METHOD_TEXT_LEN];

			if (fread(&key, sizeof(key), 1, file) != 1 || fread(&counters, sizeof(counters), 1, file) != 1 ||
				fread(method, METHOD_TEXT_LEN, 1, file) != 1)
			{
				ereport(LOG, (errmsg("Wormhole statistics file \"%s\" is truncated", STATS_FILE)));
				break;
			}
			method[METHOD_TEXT_LEN - 1] = '\0';
			enter(&key, method)->counters = counters;
		}
	}
	else
		ereport(LOG, (errmsg("ignoring Wormhole statistics file \"%s\" of another format", STATS_FILE)));
	FreeFile(file);
	/* Gone now, or a crash restart would load the same counts again. */
	if (unlink(STATS_FILE) != 0)
		ereport(LOG,
				(errcode_for_file_access(),
				 errmsg("could not remove Wormhole statistics file \"%s\": %m", STATS_FILE)));
}

static void
stats_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	stats = ShmemInitStruct("wormhole_stats", sizeof(WhStatsShared), &found);
	if (!found)
		stats->lock = &(GetNamedLWLockTranche("wormhole_stats"))->lock;
	{
		HASHCTL		info;

		info.keysize = sizeof(WhStatsKey);
		info.entrysize = sizeof(WhStatsEntry);
		stats_hash = ShmemInitHash("wormhole_stats hash", max_bundle_stats, max_bundle_stats, &info,
								   HASH_ELEM | HASH_BLOBS);
	}
	LWLockRelease(AddinShmemInitLock);
	if (!IsUnderPostmaster)
	{
		on_shmem_exit(stats_shmem_shutdown, (Datum) 0);
		if (!found)
			stats_load();
	}
}

/*
 * Called from _PG_init.  Only a preloaded library can have shared memory or
 * define a setting read at server start: loaded later, there are no
 * statistics (and wormhole.invoke says the library must be preloaded).
 */
void
wh_stats_init(void)
{
	if (!process_shared_preload_libraries_in_progress)
		return;
	DefineCustomIntVariable("wormhole.max_bundle_stats",
							"Most (database, role, bundle, method) entries of call statistics kept (per cluster).",
							"When full, the least recently used tenth is dropped. Takes effect at server start.",
							&max_bundle_stats,
							5000, 100, INT_MAX / 2,
							PGC_POSTMASTER, 0,
							NULL, NULL, NULL);
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = stats_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = stats_shmem_startup;
}

static int
by_last_used(const void *a, const void *b)
{
	TimestampTz x = (*(WhStatsEntry *const *) a)->counters.last_used;
	TimestampTz y = (*(WhStatsEntry *const *) b)->counters.last_used;

	return x < y ? -1 : x > y ? 1 : 0;
}

/* Drops the least recently used tenth of the entries; the caller holds the lock exclusively. */
static void
make_room(void)
{
	long		n = hash_get_num_entries(stats_hash);
	long		drop = Max(n / 10, 1);
	WhStatsEntry **all = palloc(n * sizeof(WhStatsEntry *));
	HASH_SEQ_STATUS seq;
	WhStatsEntry *entry;
	long		i = 0;

	hash_seq_init(&seq, stats_hash);
	while ((entry = hash_seq_search(&seq)) != NULL)
		all[i++] = entry;
	qsort(all, i, sizeof(WhStatsEntry *), by_last_used);
	for (long j = 0; j < Min(drop, i); j++)
		hash_search(stats_hash, &all[j]->key, HASH_REMOVE, NULL);
	pfree(all);
}

typedef struct CountArgs
{
	WhStatsKey	key;
	const char *method;
	int64		nanos;
	int64		rows;
	bool		failed;
} CountArgs;

static void
count_work(void *arg)
{
	CountArgs  *a = arg;
	WhStatsEntry *entry;
	TimestampTz now = GetCurrentTimestamp();

	LWLockAcquire(stats->lock, LW_SHARED);
	entry = hash_search(stats_hash, &a->key, HASH_FIND, NULL);
	if (entry == NULL)
	{
		LWLockRelease(stats->lock);
		LWLockAcquire(stats->lock, LW_EXCLUSIVE);
		entry = hash_search(stats_hash, &a->key, HASH_FIND, NULL);
		if (entry == NULL)
		{
			if (hash_get_num_entries(stats_hash) >= max_bundle_stats)
				make_room();
			entry = enter(&a->key, a->method);
		}
	}
	SpinLockAcquire(&entry->mutex);
	entry->counters.calls++;
	if (a->failed)
		entry->counters.errors++;
	entry->counters.rows += a->rows;
	entry->counters.total_ns += a->nanos;
	entry->counters.last_used = now;
	SpinLockRelease(&entry->mutex);
	LWLockRelease(stats->lock);
}

/*
 * Bridge.countCall(byte[] bundleHash, long nanos, boolean failed): one call
 * of the method the call shows (activity.c; "" when it never found one), by
 * the current role, and the time it took.
 */
void		JNICALL
wh_bridge_count_call(JNIEnv *env, jclass cls, jbyteArray hash, jlong nanos, jboolean failed)
{
	CountArgs	a = {0};
	WhNative	n;
	char		method[METHOD_TEXT_LEN];

	if (stats == NULL)
		return;
	if (hash == NULL || (*env)->GetArrayLength(env, hash) != BUNDLE_HASH_LEN)
	{
		wh_throw(env, "java/lang/IllegalArgumentException", "a bundle hash has 32 bytes");
		return;
	}
	(*env)->GetByteArrayRegion(env, hash, 0, BUNDLE_HASH_LEN, (jbyte *) a.key.hash);
	a.key.dbid = MyDatabaseId;
	a.key.userid = GetUserId();
	wh_activity_method(method, sizeof(method));
	a.key.method_id = hash_bytes_extended((const unsigned char *) method, strlen(method), 0);
	a.method = method;
	a.nanos = nanos;
	a.rows = (int64) wh_call_rows;
	a.failed = failed;
	if (!wh_native_enter(env, &n))
		return;
	(void) wh_run_guarded(env, false, count_work, &a);
	wh_native_leave(&n);
}

PG_FUNCTION_INFO_V1(wormhole_call_stats);

/*
 * wormhole.call_stats() returns setof (hash bytea, role name, method text,
 * calls bigint, errors bigint, rows bigint, total_time interval, last_used
 * timestamptz): the counters of the current database.
 */
Datum
wormhole_call_stats(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	HASH_SEQ_STATUS seq;
	WhStatsEntry *entry;

	if (stats == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("wormhole must be loaded at server start"),
				 errdetail("Its statistics live in shared memory."),
				 errhint("Add wormhole to shared_preload_libraries in postgresql.conf and restart the server.")));
	InitMaterializedSRF(fcinfo, 0);
	LWLockAcquire(stats->lock, LW_SHARED);
	hash_seq_init(&seq, stats_hash);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		WhStatsCounters c;
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};
		bytea	   *hash;
		Interval   *total;
		char	   *role;

		if (entry->key.dbid != MyDatabaseId)
			continue;
		SpinLockAcquire(&entry->mutex);
		c = entry->counters;
		SpinLockRelease(&entry->mutex);
		hash = palloc(VARHDRSZ + BUNDLE_HASH_LEN);
		SET_VARSIZE(hash, VARHDRSZ + BUNDLE_HASH_LEN);
		memcpy(VARDATA(hash), entry->key.hash, BUNDLE_HASH_LEN);
		total = palloc0(sizeof(Interval));
		total->time = c.total_ns / 1000;
		role = GetUserNameFromId(entry->key.userid, true);
		values[0] = PointerGetDatum(hash);
		if (role != NULL)
			values[1] = DirectFunctionCall1(namein, CStringGetDatum(role));
		else
			nulls[1] = true;
		values[2] = CStringGetTextDatum(entry->method);
		values[3] = Int64GetDatum(c.calls);
		values[4] = Int64GetDatum(c.errors);
		values[5] = Int64GetDatum(c.rows);
		values[6] = IntervalPGetDatum(total);
		values[7] = TimestampTzGetDatum(c.last_used);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	LWLockRelease(stats->lock);
	return (Datum) 0;
}
