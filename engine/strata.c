/* strata.c: whether the rules' negation is stratified: the facts the rules
 * conclude are the nodes of a graph, with an edge from each fact a rule uses
 * to each fact it concludes; the rules are stratified when no edge from a
 * negated use lies inside a strongly connected component (Tarjan). */
#include "strata.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct graph {
    const char **node;   /* distinct concluded facts, sorted */
    size_t n;
    size_t *first;       /* n + 1 offsets into to */
    size_t *to;
    size_t *comp;        /* per node: its strongly connected component */
} graph;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static long find(const graph *g, const char *ref)
{
    const char **hit = bsearch(&ref, g->node, g->n, sizeof *g->node, cmp_str);
    return hit ? (long)(hit - g->node) : -1;
}

/* The nodes a use can meet, into out (room for g->n); returns how many. */
static size_t matches(const graph *g, const char *use, size_t *out)
{
    const char *colon = strchr(use, ':');
    if (!colon)
        return 0;
    size_t tlen = (size_t)(colon - use) + 1, k = 0;   /* "T:" */
    if (strcmp(colon + 1, "*") == 0) {
        size_t lo = 0, hi = g->n;   /* the first node not below "T:" */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strncmp(g->node[mid], use, tlen) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t i = lo; i < g->n && strncmp(g->node[i], use, tlen) == 0; i++)
            out[k++] = i;
        return k;
    }
    long exact = find(g, use);
    if (exact >= 0)
        out[k++] = (size_t)exact;
    char *star = malloc(tlen + 2);
    if (star) {
        memcpy(star, use, tlen);
        memcpy(star + tlen, "*", 2);
        long any = find(g, star);
        if (any >= 0 && any != exact)
            out[k++] = (size_t)any;
        free(star);
    }
    return k;
}

/* Tarjan's algorithm without recursion: fills g->comp. */
static int components(graph *g)
{
    size_t n = g->n ? g->n : 1;
    size_t *index = malloc(n * sizeof *index), *low = malloc(n * sizeof *low);
    size_t *stack = malloc(n * sizeof *stack), *walk = malloc(n * sizeof *walk);
    size_t *edge = malloc(n * sizeof *edge);
    unsigned char *on = calloc(n, 1);
    int rc = index && low && stack && walk && edge && on ? 0 : -1;
    size_t counter = 0, sp = 0, ncomp = 0;
    for (size_t v = 0; rc == 0 && v < g->n; v++)
        index[v] = SIZE_MAX;
    for (size_t root = 0; rc == 0 && root < g->n; root++) {
        if (index[root] != SIZE_MAX)
            continue;
        size_t depth = 0;
        walk[depth] = root;
        edge[depth++] = g->first[root];
        index[root] = low[root] = counter++;
        stack[sp++] = root;
        on[root] = 1;
        while (depth > 0) {
            size_t v = walk[depth - 1];
            if (edge[depth - 1] < g->first[v + 1]) {
                size_t w = g->to[edge[depth - 1]++];
                if (index[w] == SIZE_MAX) {
                    index[w] = low[w] = counter++;
                    stack[sp++] = w;
                    on[w] = 1;
                    walk[depth] = w;
                    edge[depth++] = g->first[w];
                } else if (on[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            depth--;
            if (low[v] == index[v]) {
                size_t w;
                do {
                    w = stack[--sp];
                    on[w] = 0;
                    g->comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            if (depth > 0 && low[v] < low[walk[depth - 1]])
                low[walk[depth - 1]] = low[v];
        }
    }
    free(index);
    free(low);
    free(stack);
    free(walk);
    free(edge);
    free(on);
    return rc;
}

/* The edges, once per (use, conclusion) pair of a rule, grouped by their
 * start in g->first/g->to. */
static int build_edges(graph *g, const engine_rule *rules, size_t nrules, size_t *scratch)
{
    size_t cap = 0, ne = 0, *from = NULL, *to = NULL;
    int rc = 0;
    for (size_t r = 0; r < nrules && rc == 0; r++)
        for (size_t u = 0; u < rules[r].nuses && rc == 0; u++) {
            size_t k = matches(g, rules[r].uses[u], scratch);
            for (size_t i = 0; i < k && rc == 0; i++)
                for (size_t c = 0; c < rules[r].nconcludes && rc == 0; c++) {
                    if (ne == cap) {
                        cap = cap ? cap * 2 : 256;
                        size_t *f = realloc(from, cap * sizeof *f);
                        from = f ? f : from;
                        size_t *t = f ? realloc(to, cap * sizeof *t) : NULL;
                        to = t ? t : to;
                        if (!f || !t) {
                            rc = -1;
                            break;
                        }
                    }
                    from[ne] = scratch[i];
                    to[ne++] = (size_t)find(g, rules[r].concludes[c]);
                }
        }
    g->first = calloc(g->n + 1, sizeof *g->first);
    g->to = malloc((ne ? ne : 1) * sizeof *g->to);
    if (rc == 0 && g->first && g->to) {
        for (size_t i = 0; i < ne; i++)
            g->first[from[i] + 1]++;
        for (size_t v = 0; v < g->n; v++)
            g->first[v + 1] += g->first[v];
        size_t *fill = malloc((g->n ? g->n : 1) * sizeof *fill);
        if (fill) {
            memcpy(fill, g->first, g->n * sizeof *fill);
            for (size_t i = 0; i < ne; i++)
                g->to[fill[from[i]]++] = to[i];
            free(fill);
        } else {
            rc = -1;
        }
    } else {
        rc = -1;
    }
    free(from);
    free(to);
    return rc;
}

long strata_check(const engine_rule *rules, size_t n, unsigned char *bad)
{
    graph g = { 0 };
    size_t total = 0;
    for (size_t r = 0; r < n; r++) {
        total += rules[r].nconcludes;
        bad[r] = 0;
    }
    g.node = malloc((total ? total : 1) * sizeof *g.node);
    if (!g.node)
        return -1;
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < rules[r].nconcludes; c++)
            g.node[g.n++] = rules[r].concludes[c];
    qsort(g.node, g.n, sizeof *g.node, cmp_str);
    size_t distinct = 0;
    for (size_t i = 0; i < g.n; i++)
        if (distinct == 0 || strcmp(g.node[distinct - 1], g.node[i]) != 0)
            g.node[distinct++] = g.node[i];
    g.n = distinct;

    long marked = -1;
    size_t *scratch = malloc((g.n ? g.n : 1) * sizeof *scratch);
    g.comp = malloc((g.n ? g.n : 1) * sizeof *g.comp);
    if (scratch && g.comp && build_edges(&g, rules, n, scratch) == 0 && components(&g) == 0) {
        marked = 0;
        for (size_t r = 0; r < n; r++) {
            for (size_t u = 0; u < rules[r].nnegated && !bad[r]; u++) {
                size_t k = matches(&g, rules[r].negated[u], scratch);
                for (size_t i = 0; i < k && !bad[r]; i++)
                    for (size_t c = 0; c < rules[r].nconcludes && !bad[r]; c++)
                        bad[r] = g.comp[scratch[i]] ==
                                 g.comp[(size_t)find(&g, rules[r].concludes[c])];
            }
            marked += bad[r];
        }
    }
    free(scratch);
    free(g.comp);
    free(g.first);
    free(g.to);
    free(g.node);
    return marked;
}
