/*-------------------------------------------------------------------------
 *
 * watchdog.c
 *	  The state of the current call, and the thread that ends a backend
 *	  whose call ignores a stop.
 *
 * Calls run on the backend's main thread.  Shipped code polls for cancel and
 * termination, but JDK code does not (BigInteger.pow, a stream over
 * Long.MAX_VALUE elements, a regular expression): once a cancel, a statement
 * timeout or a termination has been pending while the call still ran Java for
 * wormhole.stop_grace (grace_spent), nothing short of ending the process
 * stops it.  The
 * watchdog thread does that, in plain C, and only while the main thread runs
 * Java: the main thread's state (idle, in Java, in PostgreSQL, dying) changes
 * by compare-and-swap, so the watchdog's decision and a native's entry into
 * PostgreSQL cannot both win.  To end the backend the watchdog first parks the
 * main thread in a signal handler that blocks every signal, so no PostgreSQL
 * code (not even a signal handler) runs on it any more, then raises the FATAL
 * itself: exactly one thread runs PostgreSQL code at any moment.
 *
 * A client that went away counts as a termination (client.c looks for it
 * every CHECK_TICKS of a call).
 *
 * While calls come, the watchdog looks every TICK_MS, and raises the Java
 * flag that shipped loops poll when an interrupt is pending: a cancel reaches
 * a running call's Java within TICK_MS.  Each look is a wake-up of its own,
 * and there is one watchdog per backend: looking every 10 ms cost a fifth of
 * a two-core machine under load (48 busy backends), and as much during a
 * storm of first calls.  After a second without a call it sleeps until the
 * next one, so an idle backend costs no wake-ups.  Before it sleeps it gives
 * back the free memory of the C heap's arenas: the JIT compiler threads
 * allocate in arenas of their own, which glibc keeps (a C2 thread's held
 * 12 MB after a backend's warm-up).
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <signal.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

#include "port/atomics.h"
#include "storage/ipc.h"
#include "utils/timeout.h"

typedef enum WhCallState
{
	WH_IDLE,					/* no call: the main thread runs PostgreSQL */
	WH_IN_JAVA,					/* a call runs Java on the main thread */
	WH_IN_PG,					/* a call entered PostgreSQL through a native */
	WH_DYING					/* the watchdog is ending the backend */
} WhCallState;

#define TICK_MS 50
#define TICKS_BEFORE_SLEEP (1000 / TICK_MS)
#define PARK_SIGNAL (SIGRTMIN + 7)

static pg_atomic_uint32 call_state;
/* Counts calls: the client check is for a call that spans looks, not for a run of short ones. */
static pg_atomic_uint32 call_number;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sleep_cond = PTHREAD_COND_INITIALIZER;

/*
 * Whether the watchdog got as far as attaching to the VM (or failing to):
 * the VM's start waits for it.  An exit the VM runs (System.exit in trusted
 * code) holds the VM's thread list while it waits for the watchdog to end the
 * backend, so a watchdog still attaching then would wait for good, and so the
 * backend (seen in CI under load).
 */
static bool watchdog_attached = false;
static volatile bool watchdog_asleep;
static volatile sig_atomic_t main_parked;

/* Set by a VM thread that ended the VM (System.exit runs its hook on the VM thread). */
static volatile bool vm_end_requested;
static char vm_end_message[1024];

/* Wall-clock time the grace may stretch to when the main thread gets no CPU (a loaded machine). */
#define WALL_GRACE_FACTOR 4

static clockid_t main_cpu_clock;

static int64
clock_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64
now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* Never returns; runs with every signal blocked (sa_mask). */
static void
park_handler(int signo)
{
	main_parked = 1;
	for (;;)
		pause();
}

/* A thread that must not run PostgreSQL code any more waits here for the process to end. */
static void
park_forever(void)
{
	sigset_t	all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	main_parked = 1;
	for (;;)
		pause();
}

bool
wh_in_call(void)
{
	return pg_atomic_read_u32(&call_state) != WH_IDLE;
}

/* The main thread starts running a call's Java code. */
void
wh_call_enter_java(void)
{
	/* Only the main thread writes it: no locked increment needed. */
	pg_atomic_write_u32(&call_number, pg_atomic_read_u32(&call_number) + 1);
	pg_atomic_write_u32(&call_state, WH_IN_JAVA);
	pg_memory_barrier();
	if (watchdog_asleep)
	{
		pthread_mutex_lock(&sleep_lock);
		pthread_cond_signal(&sleep_cond);
		pthread_mutex_unlock(&sleep_lock);
	}
}

/* The call's Java code returned to C; waits for the end if the watchdog is ending the backend. */
void
wh_call_leave_java(void)
{
	uint32		expected = WH_IN_JAVA;

	if (!pg_atomic_compare_exchange_u32(&call_state, &expected, WH_IDLE))
		park_forever();
}

/*
 * A native is about to run PostgreSQL code.  Returns false when no call is
 * running (PostgreSQL may only be entered from a call).
 */
bool
wh_enter_pg(void)
{
	uint32		expected = WH_IN_JAVA;

	if (pg_atomic_compare_exchange_u32(&call_state, &expected, WH_IN_PG))
		return true;
	if (expected == WH_DYING)
		park_forever();
	return false;
}

void
wh_leave_pg(void)
{
	pg_atomic_write_u32(&call_state, WH_IN_JAVA);
}

/*
 * The main thread claims the end of the backend for itself (the VM exits in a
 * call); if the watchdog already claimed it, the main thread waits for it.
 */
void
wh_claim_end(void)
{
	uint32		state = pg_atomic_read_u32(&call_state);

	while (state != WH_DYING)
	{
		if (pg_atomic_compare_exchange_u32(&call_state, &state, WH_DYING))
			return;
	}
	park_forever();
}

/*
 * Ends the backend with a FATAL, from the main thread or, once the main
 * thread is parked, from another thread.  The stack base and the error
 * handlers belong to the thread that runs this.
 */
void
wh_end_backend(int sqlerrcode, const char *message, const char *detail)
{
	if (!wh_on_main_thread())
	{
		(void) set_stack_base();
		PG_exception_stack = NULL;
		error_context_stack = NULL;
	}
	ereport(FATAL,
			(errcode(sqlerrcode),
			 errmsg_internal("%s", message),
			 detail ? errdetail_internal("%s", detail) : 0));
	pg_unreachable();
}

/*
 * The FATAL's cleanup runs while the parked main thread may hold a lock of the
 * C library (malloc, stdio) it needs: should the cleanup not finish, a crash
 * (the postmaster then resets shared memory) beats a backend that never ends.
 */
static void *
reaper_main(void *arg)
{
	pg_usleep(10 * 1000000L);
	abort();
	return NULL;
}

static void
park_main_thread(void)
{
	pthread_t	reaper;

	int64		deadline = now_ms() + 1000;

	(void) pthread_create(&reaper, NULL, reaper_main, NULL);
	pthread_kill(wh_main_thread, PARK_SIGNAL);
	while (!main_parked && now_ms() < deadline)
		pg_usleep(1000);
}

/*
 * A thread of the VM other than the main thread ended the VM.  While a call
 * runs Java, the watchdog ends the backend at once; otherwise the main thread
 * is in PostgreSQL, which ends the session at its next interrupt check, as
 * pg_terminate_backend would.  This thread waits for the process to end.
 */
void
wh_vm_ended(const char *message)
{
	strlcpy(vm_end_message, message, sizeof(vm_end_message));
	pg_memory_barrier();
	vm_end_requested = true;
	kill(MyProcPid, SIGTERM);
	pthread_mutex_lock(&sleep_lock);
	pthread_cond_signal(&sleep_cond);
	pthread_mutex_unlock(&sleep_lock);
	for (;;)
		pause();
}

/* The watchdog's verdict: park the main thread, then end the backend from here. */
static void
end_stuck_call(void)
{
	bool		terminate = ProcDiePending;
	bool		client_lost = ClientConnectionLost;
	const char *what;

	park_main_thread();
	if (vm_end_requested)
		wh_end_backend(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION, vm_end_message, NULL);
	if (client_lost && !terminate)
	{
		/* As PostgreSQL does for a lost client: nothing more is sent to it. */
		whereToSendOutput = DestNone;
		wh_end_backend(ERRCODE_CONNECTION_FAILURE,
					   psprintf("terminating connection: its client is gone and the Java call did not stop within %d ms",
								wormhole_stop_grace_ms),
					   "It was running JDK code that does not poll for cancellation; the backend ends itself "
					   "instead (wormhole.stop_grace).");
	}
	if (terminate)
		what = "a termination request";
	else if (get_timeout_indicator(STATEMENT_TIMEOUT, false))
		what = "statement_timeout";
	else
		what = "a cancel request";
	wh_end_backend(terminate ? ERRCODE_ADMIN_SHUTDOWN : ERRCODE_QUERY_CANCELED,
				   psprintf("terminating connection: the Java call did not stop within %d ms of %s",
							wormhole_stop_grace_ms, what),
				   "It was running JDK code that does not poll for cancellation; the backend ends itself "
				   "instead (wormhole.stop_grace).");
}

/*
 * A termination ends the session anyway: its grace is wall-clock time.  A
 * cancel's is the main thread's CPU time, so that a loaded machine does not
 * turn a call that would have stopped cleanly into a lost session.
 */
static bool
grace_spent(int64 pending_since, int64 pending_cpu)
{
	int64		wall = now_ms() - pending_since;

	if (ProcDiePending || ClientConnectionLost)
		return wall >= wormhole_stop_grace_ms;
	return clock_ms(main_cpu_clock) - pending_cpu >= wormhole_stop_grace_ms ||
		wall >= (int64) wormhole_stop_grace_ms * WALL_GRACE_FACTOR;
}

static void *
watchdog_main(void *arg)
{
	JNIEnv	   *env = NULL;
	JavaVMAttachArgs args = {JNI_VERSION_10, "wormhole-watchdog", NULL};
	int			idle_ticks = 0;
	int			call_ticks = 0;
	uint32		last_call = 0;
	int64		pending_since = 0;
	int64		pending_cpu = 0;

	/* Attached only to raise the flag shipped loops poll; it never runs Java code. */
	if ((*wh_jvm)->AttachCurrentThreadAsDaemon(wh_jvm, (void **) &env, &args) != JNI_OK)
		env = NULL;
	pthread_mutex_lock(&sleep_lock);
	watchdog_attached = true;
	pthread_cond_broadcast(&sleep_cond);
	pthread_mutex_unlock(&sleep_lock);
	for (;;)
	{
		uint32		state = pg_atomic_read_u32(&call_state);
		uint32		call = pg_atomic_read_u32(&call_number);

		if (state == WH_IDLE)
		{
			pending_since = 0;
			call_ticks = 0;
			if (call != last_call)
				idle_ticks = 0;
			last_call = call;
			if (++idle_ticks >= TICKS_BEFORE_SLEEP)
			{
#ifdef __GLIBC__
				malloc_trim(0);
#endif
				pthread_mutex_lock(&sleep_lock);
				watchdog_asleep = true;
				pg_memory_barrier();
				while (pg_atomic_read_u32(&call_state) == WH_IDLE)
					pthread_cond_wait(&sleep_cond, &sleep_lock);
				watchdog_asleep = false;
				pthread_mutex_unlock(&sleep_lock);
				idle_ticks = 0;
				continue;
			}
		}
		else if (state != WH_DYING)
		{
			idle_ticks = 0;
			call_ticks = call == last_call ? call_ticks + 1 : 0;
			last_call = call;
			if (vm_end_requested && state == WH_IN_JAVA &&
				pg_atomic_compare_exchange_u32(&call_state, &state, WH_DYING))
				end_stuck_call();
			/* The VM no longer runs JNI calls once it has ended: they would block for good. */
			if (InterruptPending && env != NULL && !vm_end_requested)
			{
				(*env)->SetStaticBooleanField(env, wh_backend_class, wh_backend_stopping, JNI_TRUE);
				(*env)->ExceptionClear(env);
			}
			if (!wh_client_check_tick(call_ticks) && !QueryCancelPending && !ProcDiePending)
				pending_since = 0;
			else if (pending_since == 0)
			{
				pending_since = now_ms();
				pending_cpu = clock_ms(main_cpu_clock);
			}
			else if (state == WH_IN_JAVA && grace_spent(pending_since, pending_cpu) &&
					 pg_atomic_compare_exchange_u32(&call_state, &state, WH_DYING))
				end_stuck_call();
		}
		pg_usleep(TICK_MS * 1000L);
	}
	return NULL;
}

/*
 * Starts the watchdog thread, with every signal blocked so PostgreSQL's keep
 * reaching the main thread, and a stack deep enough for the FATAL's cleanup.
 */
void
wh_watchdog_start(void)
{
	struct sigaction sa;
	pthread_attr_t attr;
	pthread_t	thread;
	sigset_t	all;
	sigset_t	saved;
	int			rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = park_handler;
	sigfillset(&sa.sa_mask);
	if (sigaction(PARK_SIGNAL, &sa, NULL) != 0)
		elog(ERROR, "could not install the watchdog's signal handler: %m");
	pg_atomic_init_u32(&call_state, WH_IDLE);
	if (pthread_getcpuclockid(pthread_self(), &main_cpu_clock) != 0)
		main_cpu_clock = CLOCK_MONOTONIC;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, Max((size_t) 4 * 1024 * 1024, (size_t) wh_stack_needed() + 1024 * 1024));
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &saved);
	rc = pthread_create(&thread, &attr, watchdog_main, NULL);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_RESOURCES),
				 errmsg("could not start the Java call watchdog thread: %s", strerror(rc))));
	pthread_mutex_lock(&sleep_lock);
	while (!watchdog_attached)
		pthread_cond_wait(&sleep_cond, &sleep_lock);
	pthread_mutex_unlock(&sleep_lock);
}
