/*-------------------------------------------------------------------------
 *
 * host.c
 *	  Who is calling, the host's limits, and trust generations: a counter
 *	  that moves whenever a committed transaction changed what the server
 *	  trusts (the stored bundles, the allowlist).
 *
 * The trigger wormhole.trust_changed() on those tables queues a relcache
 * invalidation of its table; PostgreSQL sends it to every backend when the
 * transaction commits (and a hot standby replays it from the WAL), and each
 * backend's callback moves its counter.  Java compares the counter with the
 * one it last saw at every call, so eviction, a narrowed allowlist or a
 * re-verification reach a backend before its next call, at the cost of
 * reading one variable.
 *
 * wormhole.invoke reads the caller, the counter and the limits here before it
 * enters Java and hands them over with the frame: plain PostgreSQL code, with
 * no Java frame yet for an error to cross.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/xlog.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "utils/acl.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

static uint64 trust_generation = 1;
static bool callback_registered;
static Oid	watched[2];

static void
trust_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == watched[0] || relid == watched[1])
	{
		trust_generation++;
		/* A dropped and recreated extension has new tables: find them again. */
		watched[0] = watched[1] = InvalidOid;
	}
}

static void
watch_work(void *arg)
{
	Oid			schema;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(trust_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	schema = get_namespace_oid("wormhole", true);
	if (OidIsValid(schema))
	{
		watched[0] = get_relname_relid("bundles", schema);
		watched[1] = get_relname_relid("allowlist", schema);
	}
}

PG_FUNCTION_INFO_V1(wormhole_trust_changed);

/* Statement trigger on wormhole.bundles and wormhole.allowlist. */
Datum
wormhole_trust_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("wormhole.trust_changed() must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	return PointerGetDatum(NULL);
}

jlongArray	JNICALL
wh_bridge_host_limits(JNIEnv *env, jclass cls)
{
	jlong		limits[4] = {
		wormhole_max_bundle_classes,
		(jlong) wormhole_max_class_size_kb * 1024,
		(jlong) wormhole_max_bundle_size_kb * 1024,
		(jlong) wormhole_max_result_size_kb * 1024
	};
	jlongArray	arr = (*env)->NewLongArray(env, lengthof(limits));

	if (arr != NULL)
		(*env)->SetLongArrayRegion(env, arr, 0, lengthof(limits), limits);
	return arr;
}

/* wormhole_install's OID, looked up again after any change to pg_authid. */
static Oid	installer_role = InvalidOid;
static bool installer_known = false;

static void
roles_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	installer_known = false;
}

/* Installing new bundles takes the privileges of wormhole_install (superusers have them). */
static bool
may_install(Oid role)
{
	static bool registered = false;

	if (!registered)
	{
		CacheRegisterSyscacheCallback(AUTHNAME, roles_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, roles_changed, (Datum) 0);
		registered = true;
	}
	if (!installer_known)
	{
		installer_role = get_role_oid("wormhole_install", true);
		installer_known = true;
	}
	return superuser_arg(role) || (OidIsValid(installer_role) && has_privs_of_role(role, installer_role));
}

/*
 * The session's current role OID in the low 32 bits; bit 32 set when that
 * role is a superuser, bit 33 when wormhole.trusted is on (which only
 * superusers can set), bit 34 when it may install new bundles, bit 35 on a hot
 * standby (the host writes nothing there, and says so in the server log
 * instead).
 */
static jlong
session_state(void)
{
	Oid			role = GetUserId();
	jlong		state = (jlong) role;

	if (superuser_arg(role))
	{
		state |= ((jlong) 1) << 32;
		if (wormhole_trusted)
			state |= ((jlong) 1) << 33;
	}
	if (may_install(role))
		state |= ((jlong) 1) << 34;
	if (RecoveryInProgress())
		state |= ((jlong) 1) << 35;
	return state;
}

/* What io.wormhole.server.pg.CallSettings holds, read as a call begins. */
void
wh_call_settings(WhCallSettings *settings)
{
	if (!OidIsValid(watched[0]))
		watch_work(NULL);
	settings->session = session_state();
	settings->trust_generation = (jlong) trust_generation;
	settings->call_memory_limit = (jlong) wormhole_call_memory_limit_mb * 1024 * 1024;
	settings->max_result_bytes = (jint) wormhole_max_result_size_kb * 1024;
}
