/*-------------------------------------------------------------------------
 *
 * hostwrite.c
 *	  The host's writes (installing a bundle, the audit, a re-verification's
 *	  verdict) in a transaction of their own, run by a dynamic background
 *	  worker: committed before the call goes on, so the caller's transaction
 *	  keeps no lock nor row of the host's, and its rollback does not undo an
 *	  installation (the audit row names who installed).
 *
 * PostgreSQL has no autonomous transactions; as pg_background and PL/Java's
 * maintainers suggest, a background worker connected to the same database
 * runs the statements: the caller copies them into a DSM segment, starts the
 * worker and waits for it to end (an interruptible wait: a cancel stops the
 * call, and the worker finishes or times out on its own).  The worker
 * connects as the bootstrap superuser (InvalidOid: no login check, so a DBA
 * who made that role NOLOGIN breaks nothing), then runs the statements as
 * host (wormhole_host, search_path pg_catalog, pg_temp, a security-restricted
 * operation, as plans.c does) with a short lock_timeout
 * (wormhole.store_lock_timeout), so a lock held by anyone, the caller
 * included, cannot make the call wait long or deadlock with it unseen.
 *
 * Nothing is written when the worker cannot run: on a hot standby (read
 * only), with no free worker slot (max_worker_processes), or when a
 * statement fails.  The call goes on either way (the server log says why);
 * Java stores an installation again at a later call.
 *
 * Script layout (HostWrite.java): int32 length and UTF-8 text of what is
 * written (for the log), int32 number of statements, then per statement
 * int32 length and UTF-8 SQL, int32 number of parameter types and their
 * OIDs, int32 length and the parameters in the layout of Params.java.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/xact.h"
#include "access/xlog.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "tcop/tcopprot.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#define MAX_STATEMENTS 4

typedef enum HostWriteStatus
{
	HW_NOT_RUN,
	HW_COMMITTED,
	HW_FAILED
} HostWriteStatus;

/* The DSM segment the caller and the worker share. */
typedef struct HostWriteShared
{
	Oid			database;
	int			lock_timeout_ms;
	/* Written by the worker. */
	HostWriteStatus status;
	int			nstatements;
	int64		processed[MAX_STATEMENTS];
	char		sqlstate[6];
	char		error[1024];
	int			script_len;
	char		script[FLEXIBLE_ARRAY_MEMBER];
} HostWriteShared;

static int	store_lock_timeout_ms;

/* Called from _PG_init. */
void
wh_host_write_init(void)
{
	DefineCustomIntVariable("wormhole.store_lock_timeout",
							"How long the host's own writes (installing a bundle, the audit) wait for a lock.",
							"They run in a background worker's transaction of their own; past this, nothing is "
							"written and the call goes on (an installation is tried again at a later call).",
							&store_lock_timeout_ms,
							1000, 10, 60000,
							PGC_SUSET, GUC_UNIT_MS,
							NULL, NULL, NULL);
}

/* A text of the script: int32 length, then UTF-8. */
static char *
read_text(StringInfo in)
{
	int			len = pq_getmsgint(in, 4);
	char	   *text = pnstrdup(pq_getmsgbytes(in, len), len);

	return pg_any_to_server(text, len, PG_UTF8);
}

/* Runs one statement of the script as host; the caller set up the host scope. */
static void
run_statement(StringInfo in, int64 *processed)
{
	char	   *sql = read_text(in);
	WhPlan		p = {0};
	int			len;
	Datum	   *values;
	char	   *nulls;
	int			rc;

	p.nargs = pq_getmsgint(in, 4);
	if (p.nargs < 0 || p.nargs > 100)
		elog(ERROR, "a host statement has %d parameters", p.nargs);
	p.argtypes = palloc(sizeof(Oid) * Max(p.nargs, 1));
	p.infuncs = palloc(sizeof(FmgrInfo) * Max(p.nargs, 1));
	p.typioparams = palloc(sizeof(Oid) * Max(p.nargs, 1));
	for (int i = 0; i < p.nargs; i++)
	{
		Oid			infn;

		p.argtypes[i] = pq_getmsgint(in, 4);
		getTypeInputInfo(p.argtypes[i], &infn, &p.typioparams[i]);
		fmgr_info(infn, &p.infuncs[i]);
	}
	len = pq_getmsgint(in, 4);

	PushActiveSnapshot(GetTransactionSnapshot());
	p.plan = SPI_prepare(sql, p.nargs, p.argtypes);
	if (p.plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	wh_bind_params(&p, pq_getmsgbytes(in, len), len, &values, &nulls);
	rc = SPI_execute_plan(p.plan, values, nulls, false, 0);
	if (rc < 0)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	*processed = (int64) SPI_processed;
	PopActiveSnapshot();
	CommandCounterIncrement();
}

static void
run_script(HostWriteShared *shared)
{
	MemoryContext cxt = CurrentMemoryContext;

	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	PG_TRY();
	{
		StringInfoData in;
		WhHostScope scope;
		char		timeout[16];

		in.data = shared->script;
		in.len = in.maxlen = shared->script_len;
		in.cursor = 0;
		pgstat_report_activity(STATE_RUNNING, read_text(&in));
		shared->nstatements = pq_getmsgint(&in, 4);
		if (shared->nstatements < 0 || shared->nstatements > MAX_STATEMENTS)
			elog(ERROR, "a host write has %d statements", shared->nstatements);
		snprintf(timeout, sizeof(timeout), "%d", shared->lock_timeout_ms);
		SetConfigOption("lock_timeout", timeout, PGC_SUSET, PGC_S_SESSION);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		wh_host_begin(true, &scope);
		for (int i = 0; i < shared->nstatements; i++)
			run_statement(&in, &shared->processed[i]);
		wh_host_end(&scope);
		SPI_finish();
		CommitTransactionCommand();
		shared->status = HW_COMMITTED;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		AbortCurrentTransaction();
		strlcpy(shared->sqlstate, unpack_sql_state(edata->sqlerrcode), sizeof(shared->sqlstate));
		strlcpy(shared->error, edata->message ? edata->message : "unknown error", sizeof(shared->error));
		shared->status = HW_FAILED;
	}
	PG_END_TRY();
	pgstat_report_activity(STATE_IDLE, NULL);
}

/* The background worker's entry point (bgw_function_name). */
void
wh_host_write_main(Datum arg)
{
	dsm_segment *seg;

	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	/* No resource owner: the mapping lasts until the worker detaches it. */
	seg = dsm_attach(DatumGetUInt32(arg));
	if (seg == NULL)
		proc_exit(0);			/* the caller is gone; it gave up waiting */
	BackgroundWorkerInitializeConnectionByOid(((HostWriteShared *) dsm_segment_address(seg))->database,
											  InvalidOid, 0);
	run_script(dsm_segment_address(seg));
	dsm_detach(seg);
	proc_exit(0);
}

typedef struct WriteArgs
{
	JNIEnv	   *env;
	jbyteArray	script;
	bool		committed;
	int			nstatements;
	int64		processed[MAX_STATEMENTS];
} WriteArgs;

/* What the script writes, from its header, for the log. */
static char *
what(HostWriteShared *shared)
{
	StringInfoData in;

	in.data = shared->script;
	in.len = in.maxlen = shared->script_len;
	in.cursor = 0;
	return read_text(&in);
}

static void
write_apart_work(void *arg)
{
	WriteArgs  *a = arg;
	JNIEnv	   *env = a->env;
	jsize		len = (*env)->GetArrayLength(env, a->script);
	dsm_segment *seg;
	HostWriteShared *shared;
	BackgroundWorker worker = {0};
	BackgroundWorkerHandle *handle;

	/* A standby is read-only: calls there run from memory, as they always did. */
	if (RecoveryInProgress())
		return;
	seg = dsm_create(offsetof(HostWriteShared, script) + len, 0);
	shared = dsm_segment_address(seg);
	memset(shared, 0, offsetof(HostWriteShared, script));
	shared->database = MyDatabaseId;
	shared->lock_timeout_ms = store_lock_timeout_ms;
	shared->status = HW_NOT_RUN;
	shared->script_len = len;
	(*env)->GetByteArrayRegion(env, a->script, 0, len, (jbyte *) shared->script);
	if ((*env)->ExceptionCheck(env))
		elog(ERROR, "could not read the host's script from Java");

	worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
	worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
	worker.bgw_restart_time = BGW_NEVER_RESTART;
	strlcpy(worker.bgw_library_name, "wormhole", BGW_MAXLEN);
	strlcpy(worker.bgw_function_name, "wh_host_write_main", BGW_MAXLEN);
	snprintf(worker.bgw_name, BGW_MAXLEN, "wormhole host write for PID %d", MyProcPid);
	strlcpy(worker.bgw_type, "wormhole host write", BGW_MAXLEN);
	worker.bgw_main_arg = UInt32GetDatum(dsm_segment_handle(seg));
	worker.bgw_notify_pid = MyProcPid;
	if (!RegisterDynamicBackgroundWorker(&worker, &handle))
	{
		ereport(LOG,
				(errmsg("wormhole: not %s: no background worker slot is free", what(shared)),
				 errhint("Raise max_worker_processes. The call went on; an installation is tried again at a later call.")));
		dsm_detach(seg);
		return;
	}
	if (WaitForBackgroundWorkerShutdown(handle) == BGWH_POSTMASTER_DIED)
		ereport(FATAL,
				(errcode(ERRCODE_ADMIN_SHUTDOWN),
				 errmsg("terminating connection because the postmaster died")));
	if (shared->status == HW_COMMITTED)
	{
		a->committed = true;
		a->nstatements = shared->nstatements;
		memcpy(a->processed, shared->processed, sizeof(a->processed));
	}
	else
		ereport(LOG,
				(errmsg("wormhole: not %s: %s", what(shared),
						shared->status == HW_FAILED ? shared->error : "the background worker did not run"),
				 shared->status == HW_FAILED ? errdetail("SQLSTATE %s in the background worker.", shared->sqlstate) : 0,
				 errhint("The call went on; an installation is tried again at a later call.")));
	dsm_detach(seg);
}

/*
 * Bridge.writeApart(byte[] script): runs the script's statements in a
 * transaction of their own and returns the rows each processed, or null when
 * nothing was written (the server log says why).
 */
jlongArray	JNICALL
wh_bridge_write_apart(JNIEnv *env, jclass cls, jbyteArray script)
{
	WriteArgs	a = {0};
	WhNative	n;
	jlongArray	result = NULL;

	if (script == NULL)
	{
		wh_throw(env, "java/lang/NullPointerException", "null script");
		return NULL;
	}
	a.env = env;
	a.script = script;
	if (!wh_native_enter(env, &n))
		return NULL;
	if (wh_run_guarded(env, true, write_apart_work, &a) && a.committed)
	{
		jlong		counts[MAX_STATEMENTS];

		for (int i = 0; i < a.nstatements; i++)
			counts[i] = (jlong) a.processed[i];
		result = (*env)->NewLongArray(env, a.nstatements);
		if (result != NULL)
			(*env)->SetLongArrayRegion(env, result, 0, a.nstatements, counts);
	}
	wh_native_leave(&n);
	return result;
}
