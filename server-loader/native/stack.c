/*-------------------------------------------------------------------------
 *
 * stack.c
 *	  The backend's main thread's stack, shared by PostgreSQL and the Java VM.
 *
 * Calls run on the main thread, so Java frames and PostgreSQL frames share
 * its stack.  HotSpot treats that thread as the process's primordial thread
 * and believes its stack is the smaller of -Xss and RLIMIT_STACK, putting its
 * guard zone at the bottom of that: -Xss is therefore set here to the real
 * stack, so the guard zone sits where the kernel's limit is and PostgreSQL's
 * own recursion, bounded by max_stack_depth, never reaches it.
 *
 * When Java enters PostgreSQL, the native first checks that at least
 * max_stack_depth plus PostgreSQL's slop is left above the guard zone, then
 * makes its own frame the stack base, so that max_stack_depth counts the
 * PostgreSQL frames of that statement and not the Java frames above it.
 *
 * Shipped code stops half a megabyte above the guard zone (the reserve),
 * but a recursion inside the JDK alone, on nested data shipped code built,
 * passes no shipped entry on its way down.  There the JDK can fail silently
 * (a locale's data remembered as missing) and stay wrong for every later
 * call.  A tripwire above the guard zone tells a call that went there: the
 * backend then ends, as after a class that failed to initialize.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <sys/resource.h>

#include "tcop/tcopprot.h"

/* HotSpot's red, yellow and reserved zones (4 pages on x86-64), with room to spare. */
#define GUARD_ZONE (64 * 1024L)
/* Stack kept from shipped code for the JDK and host code it calls (at most an eighth of the stack). */
#define SHIPPED_CODE_RESERVE (512 * 1024L)
/* The most HotSpot accepts for -Xss. */
#define MAX_XSS (1024L * 1024 * 1024)
/*
 * The tripwire: the lowest page above the guard zone, painted.  Java code on
 * its way to the guard zone writes into it: HotSpot bangs every page down to
 * 80 kB (its shadow zone) below a frame it enters, compiled or interpreted,
 * and a frame smaller than a page writes its return address there too.
 */
#define TRIPWIRE 4096
#define TRIPWIRE_PAINT 0xA5

static size_t main_stack_size;
static char *stack_floor;
static bool stack_unlimited;
static char *tripwire;
static char tripwire_paint[TRIPWIRE];

/*
 * The -Xss option that makes HotSpot's idea of the main thread's stack match
 * the kernel's; called on the main thread just before the VM is created.
 */
char *
wh_stack_xss_option(void)
{
	struct rlimit rl;
	pthread_attr_t attr;
	void	   *addr;
	size_t		size;
	char	   *top;
	long		page = sysconf(_SC_PAGESIZE);

	if (getrlimit(RLIMIT_STACK, &rl) != 0)
		elog(ERROR, "getrlimit(RLIMIT_STACK) failed: %m");
	stack_unlimited = rl.rlim_cur == RLIM_INFINITY;
	if (stack_unlimited)
	{
		/*
		 * Nothing bounds the stack but max_stack_depth: guard what it allows
		 * now, with room for Java above it.  A later, larger max_stack_depth
		 * is refused at the next call (wh_stack_check_depth_setting).
		 */
		main_stack_size = Max((size_t) 8 * 1024 * 1024,
							  (size_t) max_stack_depth * 1024 * 2 + STACK_DEPTH_SLOP);
	}
	else
		main_stack_size = rl.rlim_cur - 2 * page;	/* HotSpot keeps two pages off */
	main_stack_size = Min(main_stack_size, (size_t) MAX_XSS);
	main_stack_size -= main_stack_size % page;

	/* The top HotSpot finds is the upper end of the [stack] mapping, as glibc's. */
	if (pthread_getattr_np(pthread_self(), &attr) != 0)
		elog(ERROR, "pthread_getattr_np failed");
	pthread_attr_getstack(&attr, &addr, &size);
	pthread_attr_destroy(&attr);
	top = (char *) addr + size;
	stack_floor = top - main_stack_size + GUARD_ZONE;
	return psprintf("-Xss%zuk", main_stack_size / 1024);
}

/*
 * Paints the tripwire; called on the main thread once the VM has started (its
 * start touched the stack down to the guard zone), far above the tripwire.
 */
void
wh_stack_tripwire_arm(void)
{
	if (stack_floor == NULL)
		return;
	tripwire = stack_floor;
	memset(tripwire_paint, TRIPWIRE_PAINT, TRIPWIRE);
	memcpy(tripwire, tripwire_paint, TRIPWIRE);
}

/*
 * Whether anything wrote into the tripwire since it was painted: a call's Java
 * code came within HotSpot's shadow zone of the guard zone.
 */
bool
wh_stack_tripwire_touched(void)
{
	return tripwire != NULL && memcmp(tripwire, tripwire_paint, TRIPWIRE) != 0;
}

/* Stack PostgreSQL needs below a native's frame: max_stack_depth and its slop. */
long
wh_stack_needed(void)
{
	return (long) max_stack_depth * 1024L + STACK_DEPTH_SLOP;
}

/*
 * Whether PostgreSQL code may start at here: the stack left above the guard
 * zone must hold max_stack_depth and the slop PostgreSQL assumes.
 */
bool
wh_stack_room(const char *here, long *room)
{
	*room = here - stack_floor;
	return *room >= wh_stack_needed();
}

/*
 * Without RLIMIT_STACK, max_stack_depth can be raised past what the Java VM
 * guards; PostgreSQL's own recursion could then run into the guard zone.
 * (With a limit, PostgreSQL keeps max_stack_depth 512 kB under it, and the
 * guard zone sits in the last 64 kB.)
 */
void
wh_stack_check_depth_setting(void)
{
	pg_stack_base_t base;

	if (!stack_unlimited)
		return;
	base = set_stack_base();
	restore_stack_base(base);
	if (base - stack_floor < wh_stack_needed())
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("max_stack_depth (%d kB) is larger than the stack the Java VM of this backend guards (%zu kB)",
						max_stack_depth, main_stack_size / 1024),
				 errhint("Lower max_stack_depth, or reconnect: a new backend sizes its Java VM's stack from the setting in force when it starts.")));
}

/*
 * Bytes of the main thread's stack that shipped code may still use: what is
 * left above HotSpot's guard zone less a reserve for the JDK and host code it
 * calls, negative once it reached the reserve (Backend.pollAtEntry).  An
 * overflow where the JDK is at work can leave the JDK's caches wrong for good
 * (a locale's data remembered as missing); shipped code stopped short of the
 * reserve leaves the work it starts room to finish.  Plain arithmetic, no
 * PostgreSQL code: safe on any thread, and only the main thread is limited.
 */
jlong		JNICALL
wh_bridge_stack_left(JNIEnv *env, jclass cls)
{
	char		here;
	long		reserve = Min(SHIPPED_CODE_RESERVE, (long) main_stack_size / 8);

	if (stack_floor == NULL || !wh_on_main_thread())
		return PG_INT64_MAX;
	return (jlong) (&here - stack_floor - reserve);
}
