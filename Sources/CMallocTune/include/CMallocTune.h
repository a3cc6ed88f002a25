#ifndef FLOWC_CMALLOCTUNE_H
#define FLOWC_CMALLOCTUNE_H

/// Caps glibc's malloc arenas at `arenas` (mallopt M_ARENA_MAX) unless the MALLOC_ARENA_MAX
/// environment variable already sets it. Returns 1 when the cap was set, 0 otherwise (another
/// C library, or the environment decides). Swift's Glibc module does not expose mallopt.
int flowc_cap_malloc_arenas(int arenas);

#endif
