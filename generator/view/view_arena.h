/*
 * A bump allocator for the view.
 *
 * A view is a large cJSON tree (tens of thousands of small nodes for a big
 * spec) that lives exactly as long as one provider's render.  Allocating
 * it from an arena and dropping the arena whole costs a fraction of one
 * malloc and one free per node, which dominated the generator's time.
 *
 * cJSON's allocator hooks are process-wide, so the arena is installed only
 * between view_arena_begin() and view_arena_end(), and every cJSON value
 * created in between, on any thread, must be gone (or unused) after the
 * end.  Only view_build and view_free (view.h) call these: that pair is
 * the one seam, and view.h says what it asks of callers.  Blocks are
 * per thread (the view's endpoints are built on a second thread, which
 * hands its blocks over with view_arena_release/adopt).
 */
#ifndef APICC_GEN_VIEW_ARENA_H
#define APICC_GEN_VIEW_ARENA_H

/* Routes cJSON's allocations to a fresh arena. */
void view_arena_begin(void);

/* A thread that allocated from the arena hands its memory over before it
 * ends (release), to the thread that will end the arena (adopt).  Both
 * are no-ops when no arena is in use. */
void *view_arena_release(void);
void view_arena_adopt(void *list);

/* Restores cJSON's default allocator and frees the arena (the calling
 * thread's, including what it adopted). */
void view_arena_end(void);

#endif
