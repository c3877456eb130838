/*-------------------------------------------------------------------------
 *
 * plans.c
 *	  Prepared plans, their execution and cursors over them, for the call's
 *	  statements (as the calling role) and for the host's own bookkeeping.
 *
 * The host's own statements (bundle store, audit, allowlist) run "as host":
 * parsed, planned and executed with search_path set to pg_catalog, pg_temp
 * in a GUC nest level of their own, as the role wormhole_host that owns the
 * extension's tables and nothing else, in a security-restricted operation:
 * what PostgreSQL's SECURITY DEFINER functions with SET search_path do, so
 * no object of the caller's (a function, operator, aggregate or temporary
 * view that shadows a catalog name) is ever resolved by them.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "nodes/params.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "tcop/pquery.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/portal.h"

#define HOST_ROLE "wormhole_host"

void
wh_host_begin(bool as_host, WhHostScope *scope)
{
	Oid			host;

	scope->nest_level = -1;
	if (!as_host)
		return;
	host = get_role_oid(HOST_ROLE, true);
	if (!OidIsValid(host))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("role \"%s\" does not exist", HOST_ROLE),
				 errhint("The extension creates it: reinstall the extension (DROP EXTENSION wormhole; CREATE EXTENSION wormhole).")));
	GetUserIdAndSecContext(&scope->saved_user, &scope->saved_context);
	scope->nest_level = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	SetUserIdAndSecContext(host, scope->saved_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
}

void
wh_host_end(WhHostScope *scope)
{
	if (scope->nest_level < 0)
		return;
	SetUserIdAndSecContext(scope->saved_user, scope->saved_context);
	AtEOXact_GUC(true, scope->nest_level);
}

typedef struct PrepareArgs
{
	JNIEnv	   *env;
	jbyteArray	sql;
	jintArray	types;
	bool		as_host;
	WhPlan	   *result;
} PrepareArgs;

static void
prepare_work(void *arg)
{
	PrepareArgs *a = arg;
	JNIEnv	   *env = a->env;
	int			len;
	char	   *utf8 = wh_from_java_bytes(env, a->sql, &len);
	char	   *sql;
	List	   *raw;
	int			ntypes;
	Oid		   *types;
	SPIPlanPtr	plan;
	WhPlan	   *p;
	WhHostScope scope;
	MemoryContext caller = MemoryContextSwitchTo(wh_native_cxt);

	if (utf8 == NULL)
		elog(ERROR, "could not read the statement's text from Java");
	ntypes = (*env)->GetArrayLength(env, a->types);
	types = palloc(sizeof(Oid) * Max(ntypes, 1));
	(*env)->GetIntArrayRegion(env, a->types, 0, ntypes, (jint *) types);
	if ((*env)->ExceptionCheck(env))
		elog(ERROR, "could not read the statement's parameter types from Java");
	sql = pg_any_to_server(utf8, len, PG_UTF8);

	wh_host_begin(a->as_host, &scope);

	/*
	 * Infer the types left open, as the extended protocol's Parse does; a
	 * script of several statements keeps the types it was given, since later
	 * statements may depend on what earlier ones create.
	 */
	raw = pg_parse_query(sql);
	if (list_length(raw) == 1)
		(void) parse_analyze_varparams(linitial_node(RawStmt, raw), sql, &types, &ntypes, NULL);
	plan = SPI_prepare(sql, ntypes, types);
	if (plan == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("SPI_prepare failed: %s", SPI_result_code_string(SPI_result))));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	wh_host_end(&scope);

	p = MemoryContextAllocZero(TopMemoryContext, sizeof(WhPlan));
	p->plan = plan;
	p->as_host = a->as_host;
	p->nargs = ntypes;
	p->argtypes = MemoryContextAlloc(TopMemoryContext, sizeof(Oid) * Max(ntypes, 1));
	p->infuncs = MemoryContextAlloc(TopMemoryContext, sizeof(FmgrInfo) * Max(ntypes, 1));
	p->typioparams = MemoryContextAlloc(TopMemoryContext, sizeof(Oid) * Max(ntypes, 1));
	for (int i = 0; i < ntypes; i++)
	{
		Oid			infn;

		p->argtypes[i] = types[i];
		getTypeInputInfo(types[i], &infn, &p->typioparams[i]);
		fmgr_info_cxt(infn, &p->infuncs[i], TopMemoryContext);
	}
	a->result = p;
	MemoryContextSwitchTo(caller);
}

jlong		JNICALL
wh_bridge_prepare(JNIEnv *env, jclass cls, jbyteArray sql, jintArray types, jboolean as_host)
{
	PrepareArgs a = {env, sql, types, as_host, NULL};
	WhNative	n;
	bool		ok;

	if ((!as_host && !wh_check_not_aborted(env)) || !wh_native_enter(env, &n))
		return 0;
	ok = wh_run_guarded(env, WH_GUARD_SUBXACT, prepare_work, &a);
	MemoryContextReset(wh_native_cxt);
	wh_native_leave(&n);
	return ok ? (jlong) (uintptr_t) a.result : 0;
}

jintArray	JNICALL
wh_bridge_param_types(JNIEnv *env, jclass cls, jlong handle)
{
	WhPlan	   *p = (WhPlan *) (uintptr_t) handle;
	jintArray	arr;

	if (!wh_on_main_thread())
	{
		wh_throw(env, "java/lang/IllegalStateException", "only the backend's main thread may call into PostgreSQL");
		return NULL;
	}
	arr = (*env)->NewIntArray(env, p->nargs);
	if (arr != NULL)
		(*env)->SetIntArrayRegion(env, arr, 0, p->nargs, (const jint *) p->argtypes);
	return arr;
}

static void
free_plan_work(void *arg)
{
	WhPlan	   *p = arg;

	SPI_freeplan(p->plan);
	pfree(p->argtypes);
	pfree(p->infuncs);
	pfree(p->typioparams);
	if (p->outfuncs != NULL)
	{
		pfree(p->outfuncs);
		pfree(p->outtypes);
	}
	if (p->described != NULL)
	{
		FreeTupleDesc(p->described);
		pfree(p->described_tables);
		pfree(p->described_columns);
	}
	pfree(p);
}

void		JNICALL
wh_bridge_free_plan(JNIEnv *env, jclass cls, jlong handle)
{
	WhNative	n;

	if (!wh_native_enter(env, &n))
		return;
	(void) wh_run_guarded(env, WH_GUARD_PLAIN, free_plan_work, (void *) (uintptr_t) handle);
	wh_native_leave(&n);
}

typedef struct ExecArgs
{
	JNIEnv	   *env;
	WhPlan	   *plan;
	jbyteArray	params;			/* NULL: params_length bytes in the shared buffer */
	int			params_length;
	bool		shared_result;	/* the result may go back through the shared buffer */
	long		max_rows;
	char	   *cursor;
	int			count;
	int32		known;			/* the plan's column description Java holds */
	StringInfoData out;
} ExecArgs;

static void
read_params(ExecArgs *a, Datum **values, char **nulls)
{
	int			len;
	char	   *buf;

	if (a->params == NULL)
	{
		if (a->params_length < 0 || a->params_length > WH_SHARED_BUFFER_SIZE)
			elog(ERROR, "the statement's parameters do not fit the shared buffer");
		/* A copy: what binding makes of it must not change with the buffer. */
		len = a->params_length;
		buf = MemoryContextAlloc(wh_native_cxt, len + 1);
		memcpy(buf, wh_shared_buffer, len);
		buf[len] = '\0';
	}
	else if ((buf = wh_from_java_bytes(a->env, a->params, &len)) == NULL)
		elog(ERROR, "could not read the statement's parameters from Java");
	wh_bind_params(a->plan, buf, len, values, nulls);
}

/* The plan's parameters as the executor takes them, as SPI_execute_plan would make them. */
static ParamListInfo
param_list(WhPlan *p, const Datum *values, const char *nulls)
{
	ParamListInfo params;

	if (p->nargs == 0)
		return NULL;
	params = makeParamList(p->nargs);
	for (int i = 0; i < p->nargs; i++)
	{
		ParamExternData *prm = &params->params[i];

		prm->value = values[i];
		prm->isnull = nulls[i] == 'n';
		prm->pflags = PARAM_FLAG_CONST;
		prm->ptype = p->argtypes[i];
	}
	return params;
}

/*
 * SPI refuses two kinds of statement a method may well send: transaction
 * control, since the call runs inside its caller's transaction, and COPY to
 * or from the client, which has no client here.  Any other refusal is ours.
 */
static void
report_refusal(int rc)
{
	if (rc == SPI_ERROR_TRANSACTION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
				 errmsg("transaction control statements cannot run inside a Wormhole call"),
				 errdetail("COMMIT, ROLLBACK, BEGIN, SAVEPOINT and their like end or nest the caller's transaction, which the call is part of."),
				 errhint("Use Connection.setSavepoint and rollback(Savepoint) inside the call; commit or roll back in the caller.")));
	if (rc == SPI_ERROR_COPY)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("COPY to or from the client cannot run inside a Wormhole call"),
				 errhint("Read the rows with a query, or write them with INSERT.")));
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg("SPI_execute_plan failed: %s", SPI_result_code_string(rc))));
}

static void
execute_work(void *arg)
{
	ExecArgs   *a = arg;
	Datum	   *values;
	char	   *nulls;
	int			rc;
	uint64		processed;
	WhHostScope scope;
	SPIExecuteOptions options = {0};

	/*
	 * What a statement allocates lives in wh_native_cxt, reset once its
	 * result is copied out (finish_bytes).  In the caller's context, SPI's
	 * procedure context, every statement's result, parameters and receiver
	 * would stay until the call ended, outside every memory setting.  SPI
	 * leaves its procedure context current after each statement.
	 */
	MemoryContext caller = MemoryContextSwitchTo(wh_native_cxt);

	/*
	 * A statement's rows go straight into the result.  A script of several
	 * statements keeps SPI's tuple table: its result is its last statement's,
	 * and a receiver cannot tell when a statement returned no rows.
	 */
	bool		direct = list_length(SPI_plan_get_plan_sources(a->plan->plan)) == 1;

	read_params(a, &values, &nulls);
	initStringInfo(&a->out);
	options.params = param_list(a->plan, values, nulls);
	options.tcount = a->max_rows;
	options.dest = direct ? wh_result_receiver(&a->out, a->plan, a->known) : NULL;
	wh_host_begin(a->plan->as_host, &scope);
	wh_start_capture();
	rc = SPI_execute_plan_extended(a->plan->plan, &options);
	MemoryContextSwitchTo(wh_native_cxt);
	wh_stop_capture();
	wh_host_end(&scope);
	if (rc < 0)
		report_refusal(rc);
	if (direct)
		processed = wh_result_receiver_finish(options.dest, rc, SPI_processed);
	else
	{
		processed = SPI_processed;
		wh_encode_result(&a->out, rc, SPI_processed, SPI_tuptable, a->plan, a->known);
		SPI_freetuptable(SPI_tuptable);
	}
	if (!a->plan->as_host)
		wh_call_rows += processed;
	MemoryContextSwitchTo(caller);
}

/*
 * The result bytes of a guarded work, or NULL with its exception pending; for
 * a statement's result that fits the shared buffer, NULL with the result
 * there (wh_shared_buffer_put).
 */
static jbyteArray
finish_bytes(JNIEnv *env, ExecArgs *a, bool ok, WhNative *n)
{
	jbyteArray	arr = NULL;

	if (ok && a->shared_result && wh_shared_buffer_put(a->out.data, a->out.len))
		;
	else if (ok)
		arr = wh_to_java_bytes(env, &a->out);

	MemoryContextReset(wh_native_cxt);
	wh_native_leave(n);
	return arr;
}

jbyteArray	JNICALL
wh_bridge_execute(JNIEnv *env, jclass cls, jlong handle, jbyteArray params, jint params_length, jlong max_rows,
				  jboolean as_host, jint known)
{
	ExecArgs	a = {0};
	WhNative	n;

	if ((!as_host && !wh_check_not_aborted(env)) || !wh_native_enter(env, &n))
		return NULL;
	a.env = env;
	a.plan = (WhPlan *) (uintptr_t) handle;
	a.params = params;
	a.params_length = params_length;
	a.shared_result = true;
	a.max_rows = max_rows;
	a.known = known;
	if (a.plan->as_host != (bool) as_host)
	{
		wh_native_leave(&n);
		wh_throw(env, "java/lang/IllegalArgumentException",
				 "a plan runs as host exactly when it was prepared as host");
		return NULL;
	}
	return finish_bytes(env, &a, wh_run_guarded(env, as_host ? WH_GUARD_SUBXACT : WH_GUARD_STATEMENT,
												execute_work, &a), &n);
}

static void
open_cursor_work(void *arg)
{
	ExecArgs   *a = arg;
	Datum	   *values;
	char	   *nulls;
	Portal		portal;
	MemoryContext caller = MemoryContextSwitchTo(wh_native_cxt);	/* as in execute_work */

	/*
	 * A statement that returns no rows (a utility statement, DO, a script of
	 * several) cannot be read through a cursor: no name tells Java to run it
	 * as a plain statement, as pgJDBC runs such a statement whatever the
	 * fetch size.
	 */
	if (SPI_is_cursor_plan(a->plan->plan))
	{
		read_params(a, &values, &nulls);
		portal = SPI_cursor_open(NULL, a->plan->plan, values, nulls, false);
		a->cursor = MemoryContextStrdup(wh_native_cxt, portal->name);
	}
	MemoryContextSwitchTo(caller);
}

jstring		JNICALL
wh_bridge_open_cursor(JNIEnv *env, jclass cls, jlong handle, jbyteArray params)
{
	ExecArgs	a = {0};
	WhNative	n;
	jstring		name = NULL;

	if (!wh_check_not_aborted(env) || !wh_native_enter(env, &n))
		return NULL;
	a.env = env;
	a.plan = (WhPlan *) (uintptr_t) handle;
	a.params = params;
	if (a.plan->as_host)
		wh_throw(env, "java/lang/IllegalArgumentException", "the host's own statements do not use cursors");
	else if (wh_run_guarded(env, WH_GUARD_STATEMENT, open_cursor_work, &a) && a.cursor != NULL)
		name = (*env)->NewStringUTF(env, a.cursor);
	MemoryContextReset(wh_native_cxt);
	wh_native_leave(&n);
	return name;
}

static Portal
find_cursor(const char *name)
{
	Portal		portal = SPI_cursor_find(name);

	if (portal == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_CURSOR),
				 errmsg("cursor \"%s\" does not exist", name)));
	return portal;
}

/*
 * The next rows of a cursor, encoded as the executor produces them: what
 * SPI_cursor_fetch does but with our receiver instead of SPI's tuple table,
 * whose copy of every row (formed, then deformed again to encode it) cost a
 * scan about a sixth of its time.  SPI's bookkeeping around the fetch only
 * switches to and resets its executor context, which nothing here uses.
 */
static void
fetch_work(void *arg)
{
	ExecArgs   *a = arg;
	Portal		portal = find_cursor(a->cursor);
	DestReceiver *dest;
	uint64		fetched;
	MemoryContext caller = MemoryContextSwitchTo(wh_native_cxt);	/* as in execute_work */

	initStringInfo(&a->out);
	dest = wh_result_receiver(&a->out, NULL, 0);
	wh_start_capture();
	fetched = PortalRunFetch(portal, FETCH_FORWARD, a->count, dest);
	wh_stop_capture();
	wh_call_rows += wh_result_receiver_finish(dest, SPI_OK_FETCH, fetched);
	MemoryContextSwitchTo(caller);
}

/* A cursor a rollback already dropped (with the subtransaction it was opened in) is closed. */
static void
close_cursor_work(void *arg)
{
	ExecArgs   *a = arg;
	Portal		portal = SPI_cursor_find(a->cursor);

	if (portal != NULL)
		SPI_cursor_close(portal);
}

/* The cursor's name, copied before any PostgreSQL code runs; false with an exception pending. */
static bool
cursor_args(JNIEnv *env, jstring cursor, ExecArgs *a)
{
	const char *utf = cursor ? (*env)->GetStringUTFChars(env, cursor, NULL) : NULL;
	static char name[NAMEDATALEN];

	if (utf == NULL)
	{
		if (!(*env)->ExceptionCheck(env))
			wh_throw(env, "java/lang/NullPointerException", "null cursor name");
		return false;
	}
	strlcpy(name, utf, sizeof(name));
	(*env)->ReleaseStringUTFChars(env, cursor, utf);
	a->env = env;
	a->cursor = name;
	return true;
}

jbyteArray	JNICALL
wh_bridge_fetch(JNIEnv *env, jclass cls, jstring cursor, jint count)
{
	ExecArgs	a = {0};
	WhNative	n;

	if (!cursor_args(env, cursor, &a) || !wh_check_not_aborted(env) || !wh_native_enter(env, &n))
		return NULL;
	a.count = count;
	return finish_bytes(env, &a, wh_run_guarded(env, WH_GUARD_STATEMENT, fetch_work, &a), &n);
}

void		JNICALL
wh_bridge_close_cursor(JNIEnv *env, jclass cls, jstring cursor)
{
	ExecArgs	a = {0};
	WhNative	n;

	if (!cursor_args(env, cursor, &a))
		return;
	/* Closing is never refused: after a failed statement, the rollback to come drops the cursor anyway. */
	if (wh_subxacts_aborted() != NULL || !wh_native_enter(env, &n))
		return;
	(void) wh_run_guarded(env, WH_GUARD_STATEMENT, close_cursor_work, &a);
	MemoryContextReset(wh_native_cxt);
	wh_native_leave(&n);
}
