/*-------------------------------------------------------------------------
 *
 * archive.c
 *	  The class-data archive's pages, mapped in bulk while the VM starts.
 *
 * HotSpot maps the archive private: restoring an archived class writes into
 * its writable part, a copy-on-write fault per 4 kB page (about 1,360 pages,
 * nine in ten of them written by a first call, 500 of them inside
 * JNI_CreateJavaVM).  Faults are dear in a virtual machine, tens of
 * microseconds each here, where one madvise() does the same work for the
 * whole mapping inside the kernel.  The VM maps the archive early
 * in JNI_CreateJavaVM and writes into it at once, so a thread started just
 * before the VM's creation waits for the mapping and copies it in bulk, ahead
 * of most of the VM's own faults; an archive mapped elsewhere than the thread
 * looks is copied after the creation.
 *
 * The thread is plain C: no PostgreSQL code, no Java, PostgreSQL's signals
 * blocked (it inherits the mask create_vm sets).  A kernel older than 5.14
 * refuses the advice and the pages are copied one fault at a time.
 *
 *-------------------------------------------------------------------------
 */
#include "wormhole.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "port/atomics.h"

/*
 * Where HotSpot maps an archive dumped with the default SharedBaseAddress
 * (32 GB on 64-bit platforms), as make install dumps ours; the default
 * wormhole.jvm_options keep it there (ArchiveRelocationMode=0).
 */
#define ARCHIVE_BASE ((char *) 0x800000000UL)
#define WAIT_NS 200000

static pthread_t copier;
static bool copier_started;
static pg_atomic_uint32 vm_created;
static pg_atomic_uint32 copied;

/*
 * Copies the archive's writable mappings, found by the file's extension in
 * /proc/self/maps; true if there was one.  Plain libc only: it runs on the
 * copier thread too.
 */
static bool
populate_archive(void)
{
	FILE	   *maps = fopen("/proc/self/maps", "r");
	char		line[MAXPGPATH + 128];
	bool		found = false;

	if (maps == NULL)
		return false;
	while (fgets(line, sizeof(line), maps) != NULL)
	{
		unsigned long start;
		unsigned long end;
		char		perms[8];
		char	   *path = strchr(line, '/');
		size_t		len;

		if (path == NULL || sscanf(line, "%lx-%lx %7s", &start, &end, perms) != 3 || strcmp(perms, "rw-p") != 0)
			continue;
		path[strcspn(path, "\n")] = '\0';
		len = strlen(path);
		if (len <= 4 || strcmp(path + len - 4, ".jsa") != 0)
			continue;
		if (madvise((void *) start, end - start, MADV_POPULATE_WRITE) == 0)
			found = true;
	}
	fclose(maps);
	return found;
}

/*
 * Polls the archive's first page until the VM has mapped it writable
 * (before that the advice fails: nothing is mapped there, or only the VM's
 * inaccessible reservation), then copies the lot; gives up when the VM is
 * created without an archive there.
 */
static void *
copier_main(void *arg)
{
	struct timespec wait = {0, WAIT_NS};

	while (pg_atomic_read_u32(&vm_created) == 0)
	{
		if (madvise(ARCHIVE_BASE, 4096, MADV_POPULATE_WRITE) == 0 && populate_archive())
		{
			pg_atomic_write_u32(&copied, 1);
			break;
		}
		nanosleep(&wait, NULL);
	}
	return NULL;
}

/* Called right before JNI_CreateJavaVM, with PostgreSQL's signals blocked. */
void
wh_archive_copy_begin(void)
{
	pthread_attr_t attr;

	pg_atomic_init_u32(&vm_created, 0);
	pg_atomic_init_u32(&copied, 0);
	if (pthread_attr_init(&attr) != 0)
		return;
	(void) pthread_attr_setstacksize(&attr, 64 * 1024);
	copier_started = pthread_create(&copier, &attr, copier_main, NULL) == 0;
	pthread_attr_destroy(&attr);
}

/*
 * Called once JNI_CreateJavaVM has returned, whatever it returned.  An
 * archive the thread did not find (mapped elsewhere than ARCHIVE_BASE, or
 * the thread could not start) is copied now, as the rest of a first call
 * would otherwise fault most of it in page by page.
 */
void
wh_archive_copy_end(bool vm_running)
{
	pg_atomic_write_u32(&vm_created, 1);
	if (copier_started)
		(void) pthread_join(copier, NULL);
	copier_started = false;
	if (vm_running && pg_atomic_read_u32(&copied) == 0)
		(void) populate_archive();
}
