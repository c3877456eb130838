/*-------------------------------------------------------------------------
 *
 * subxact.c
 *	  Subtransactions begun from Java: JDBC savepoints and the call's own.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include "access/xact.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

/*
 * A subtransaction begun from Java, with what to restore when it ends.  One
 * a failed statement rolled back stays listed, aborted, until Java rolls
 * back to it or past it: statements fail with 25P02 meanwhile.
 */
typedef struct WhSubxact
{
	int			level;
	MemoryContext cxt;
	ResourceOwner owner;
	char	   *aborted;		/* the failed statement's message, or NULL */
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
	while (nsubxacts > 0)
	{
		WhSubxact  *s = &subxacts[--nsubxacts];

		while (GetCurrentTransactionNestLevel() >= s->level)
			RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(s->cxt);
		CurrentResourceOwner = s->owner;
	}
}

/* The innermost subtransaction still open: one not rolled back by a failed statement. */
static int
innermost_open(void)
{
	int			i = nsubxacts - 1;

	while (i >= 0 && subxacts[i].aborted != NULL)
		i--;
	return i;
}

/*
 * After a statement failed (inside PG_CATCH, error state flushed): rolls back
 * the innermost subtransaction begun from Java and keeps it listed as
 * aborted with message.  False when Java began none, which leaves the error
 * to abort the transaction.
 */
bool
wh_subxacts_abort_innermost(const char *message)
{
	int			i = innermost_open();
	WhSubxact  *s;

	if (i < 0 || GetCurrentTransactionNestLevel() < subxacts[i].level)
		return false;
	s = &subxacts[i];
	while (GetCurrentTransactionNestLevel() >= s->level)
		RollbackAndReleaseCurrentSubTransaction();
	MemoryContextSwitchTo(s->cxt);
	CurrentResourceOwner = s->owner;
	s->aborted = MemoryContextStrdup(TopTransactionContext, message);
	return true;
}

/* The message of the failed statement the call must roll back past, or NULL. */
const char *
wh_subxacts_aborted(void)
{
	for (int i = nsubxacts - 1; i >= 0; i--)
		if (subxacts[i].aborted != NULL)
			return subxacts[i].aborted;
	return NULL;
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
	subxacts[nsubxacts].aborted = NULL;
	nsubxacts++;
}

jint		JNICALL
wh_bridge_begin_subxact(JNIEnv *env, jclass cls)
{
	WhNative	n;
	bool		ok;

	if (!wh_check_not_aborted(env) || !wh_native_enter(env, &n))
		return 0;
	ok = wh_run_guarded(env, WH_GUARD_PLAIN, begin_subxact_work, NULL);
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
	if (i < 0 || (GetCurrentTransactionNestLevel() < a->level && subxacts[i].aborted == NULL))
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

	/* Releasing what a failed statement rolled back is refused, as RELEASE SAVEPOINT is then. */
	for (int j = nsubxacts - 1; commit && j >= 0 && subxacts[j].level >= level; j--)
		if (subxacts[j].aborted != NULL)
		{
			(void) wh_check_not_aborted(env);
			return;
		}
	if (!wh_native_enter(env, &n))
		return;
	(void) wh_run_guarded(env, WH_GUARD_PLAIN, end_subxact_work, &a);
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
