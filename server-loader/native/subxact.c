/*-------------------------------------------------------------------------
 *
 * subxact.c
 *	  Subtransactions begun from Java: JDBC savepoints and the call's own.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/xact.h"
#include "utils/resowner.h"

/* A subtransaction begun from Java, with what to restore when it ends. */
typedef struct WhSubxact
{
	int			level;
	MemoryContext cxt;
	ResourceOwner owner;
} WhSubxact;

#define MAX_JAVA_SUBXACTS 1024
static WhSubxact subxacts[MAX_JAVA_SUBXACTS];
static int	nsubxacts;

void
wh_subxacts_reset(void)
{
	nsubxacts = 0;
}

/* Subtransactions Java left open are rolled back when the call ends. */
void
wh_subxacts_close(void)
{
	while (nsubxacts > 0 && GetCurrentTransactionNestLevel() >= subxacts[nsubxacts - 1].level)
	{
		WhSubxact  *s = &subxacts[--nsubxacts];

		while (GetCurrentTransactionNestLevel() > s->level)
			RollbackAndReleaseCurrentSubTransaction();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(s->cxt);
		CurrentResourceOwner = s->owner;
	}
	nsubxacts = 0;
}

static void
begin_subxact_work(void *arg)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;

	if (nsubxacts >= MAX_JAVA_SUBXACTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more than %d nested savepoints", MAX_JAVA_SUBXACTS)));
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	subxacts[nsubxacts].level = GetCurrentTransactionNestLevel();
	subxacts[nsubxacts].cxt = cxt;
	subxacts[nsubxacts].owner = owner;
	nsubxacts++;
}

jint		JNICALL
wh_bridge_begin_subxact(JNIEnv *env, jclass cls)
{
	WhNative	n;
	bool		ok;

	if (!wh_native_enter(env, &n))
		return 0;
	ok = wh_run_guarded(env, false, begin_subxact_work, NULL);
	wh_native_leave(&n);
	return ok ? subxacts[nsubxacts - 1].level : 0;
}

typedef struct EndArgs
{
	int			level;
	bool		commit;
} EndArgs;

/*
 * Ends the subtransaction at level and, as RELEASE and ROLLBACK TO do for
 * savepoints, every one begun inside it.
 */
static void
end_subxact_work(void *arg)
{
	EndArgs    *a = arg;
	int			i = nsubxacts - 1;

	while (i >= 0 && subxacts[i].level != a->level)
		i--;
	if (i < 0 || GetCurrentTransactionNestLevel() < a->level)
		ereport(ERROR,
				(errcode(ERRCODE_S_E_INVALID_SPECIFICATION),
				 errmsg("subtransaction %d is not open", a->level)));
	while (GetCurrentTransactionNestLevel() >= a->level)
	{
		if (a->commit)
			ReleaseCurrentSubTransaction();
		else
			RollbackAndReleaseCurrentSubTransaction();
	}
	MemoryContextSwitchTo(subxacts[i].cxt);
	CurrentResourceOwner = subxacts[i].owner;
	nsubxacts = i;
}

static void
end_subxact(JNIEnv *env, jint level, bool commit)
{
	EndArgs		a = {level, commit};
	WhNative	n;

	if (!wh_native_enter(env, &n))
		return;
	(void) wh_run_guarded(env, false, end_subxact_work, &a);
	wh_native_leave(&n);
}

void		JNICALL
wh_bridge_release_subxact(JNIEnv *env, jclass cls, jint level)
{
	end_subxact(env, level, true);
}

void		JNICALL
wh_bridge_rollback_subxact(JNIEnv *env, jclass cls, jint level)
{
	end_subxact(env, level, false);
}
