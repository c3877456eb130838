/*-------------------------------------------------------------------------
 *
 * client.c
 *	  Whether the client of a running call is still connected.
 *
 * A call whose client was killed, or whose network dropped, would otherwise
 * run to its end and commit: PostgreSQL only looks at the socket between
 * statements, or every client_connection_check_interval if a DBA set one
 * (off by default).  During a call the watchdog thread asks the kernel, every
 * CHECK_TICKS of its ticks (about 200 ms of a call; shorter calls never pay
 * for it), whether the peer has closed the connection.  If it has, the main
 * thread reacts exactly as PostgreSQL reacts to a lost client
 * (ClientConnectionLost, then FATAL "connection to client lost" at its next
 * interrupt check), which rolls the transaction back: while the call runs
 * Java, the flag the watchdog raises stops it at its next poll and the FATAL
 * follows once it has unwound; while it waits in PostgreSQL (a lock, a long
 * statement) PostgreSQL's own CHECK_FOR_INTERRUPTS ends it; JDK code that
 * never polls is ended by the watchdog after wormhole.stop_grace.
 *
 * Why the watchdog may look at the socket: it only calls poll(2) with a zero
 * timeout on the descriptor, which reads the socket's state and neither
 * reads nor writes data nor changes any registration (the main thread's
 * epoll set is untouched); the kernel allows that concurrently with the main
 * thread's reads and writes.  The descriptor stays open for the life of the
 * backend (PostgreSQL closes it only as the process exits), and the watchdog
 * looks only during calls.  Nothing of PostgreSQL runs on the watchdog: the
 * reaction is a signal to the main thread, whose handler only sets flags and
 * the latch, as PostgreSQL's own handlers do.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <poll.h>
#include <signal.h>

#include "miscadmin.h"
#include "storage/latch.h"
#include "tcop/dest.h"

/* 4 ticks of 50 ms: a lost client is noticed within about a fifth of a second of a call. */
#define CHECK_TICKS 4
#define CLIENT_LOST_SIGNAL (SIGRTMIN + 8)

static int	client_fd = -1;

/*
 * The client's socket.  It is the first member of struct Port; its header,
 * libpq/libpq-be.h, needs GSSAPI headers a server-dev package may lack, and
 * C lets a pointer to a struct be read as a pointer to its first member.
 */
static pgsocket
client_socket(void)
{
	return *(pgsocket *) MyProcPort;
}

/* Runs on the main thread, like PostgreSQL's own handlers: flags and the latch only. */
static void
client_lost_handler(int signo)
{
	int			save_errno = errno;

	ClientConnectionLost = true;
	InterruptPending = true;
	SetLatch(MyLatch);
	errno = save_errno;
}

/*
 * Called on the main thread when the VM starts: remembers the client's socket
 * and installs the handler.  A backend without a remote client (none here,
 * since only client backends start a VM, but a connection may be replaced by
 * a protocol without a socket) is never checked.
 */
void
wh_client_check_init(void)
{
	struct sigaction sa;

	if (MyProcPort == NULL || client_socket() == PGINVALID_SOCKET || whereToSendOutput != DestRemote)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = client_lost_handler;
	sigfillset(&sa.sa_mask);
	if (sigaction(CLIENT_LOST_SIGNAL, &sa, NULL) != 0)
		elog(ERROR, "could not install the client check's signal handler: %m");
	client_fd = client_socket();
}

/*
 * Called by the watchdog at every tick of a call, with the number of ticks
 * the call has lasted.  Returns whether the client is known gone.
 */
bool
wh_client_check_tick(int call_ticks)
{
	struct pollfd pfd;

	if (client_fd < 0 || call_ticks == 0 || call_ticks % CHECK_TICKS != 0 || ClientConnectionLost)
		return ClientConnectionLost;
	pfd.fd = client_fd;
	pfd.events = POLLRDHUP;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0)
	{
		pthread_kill(wh_main_thread, CLIENT_LOST_SIGNAL);
		return true;
	}
	return false;
}
