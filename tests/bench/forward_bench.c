/* forward_bench.c - full paths per second through model_forward() on the sample topology
 * (issue 6 target: at least 2 million full paths/s, explanations included).
 *
 *   forward_bench [TOPOLOGY-DIR [SECONDS]]
 *
 * Loads and compiles the topology, then walks a fixed mix of queries (the golden explain
 * queries: delivered and dropped, IPv4 and IPv6, through NAT, TGW, DX, VPN, GWLB, peering)
 * round robin for at least SECONDS (default 1) of wall time, and prints paths/s, ns per
 * path and hops per path. One thread; the path is reused, as a replay loop would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/forward.h"
#include "model/model.h"

struct query {
	const char *src, *dst;
	uint8_t proto;
	uint16_t dport;
	const char *from;
	uint32_t flags;
};

static const struct query queries[] = {
	{ "10.1.1.10", "10.2.1.20", 6, 443, NULL, 0 },
	{ "10.1.1.10", "192.168.1.10", 6, 443, NULL, 0 },
	{ "10.1.1.10", "8.8.8.8", 6, 443, NULL, 0 },
	{ "10.1.2.10", "8.8.8.8", 6, 443, NULL, 0 },
	{ "10.1.1.10", "52.216.5.5", 6, 443, NULL, 0 },
	{ "10.1.1.10", "10.20.1.53", 17, 53, NULL, 0 },
	{ "10.2.1.20", "10.2.2.30", 6, 3306, NULL, 0 },
	{ "10.2.1.20", "10.2.2.30", 17, 53, NULL, 0 },
	{ "192.168.1.10", "10.2.2.30", 6, 3306, NULL, 0 },
	{ "192.168.1.10", "10.1.1.10", 6, 80, NULL, 0 },
	{ "192.168.1.10", "10.1.1.10", 6, 80, "vpn-0a1b2c3d4e5f60001", 0 },
	{ "192.168.1.10", "10.1.1.10", 6, 80, "vpn-05a1b2c3d4e5f0002", 0 },
	{ "10.20.1.53", "192.168.1.10", 17, 53, NULL, 0 },
	{ "2600:1f18:4a3:6e01::10", "2001:4860::8888", 6, 443, NULL, 0 },
	{ "203.0.113.5", "198.51.100.20", 6, 443, "igw-01a1b2c3d4e5f0001", 0 },
	{ "203.0.113.5", "198.51.100.7", 6, 443, "igw-0ea1b2c3d4e5f0010", 0 },
};

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "samples/topologies/hybrid";
	double secs = argc > 2 ? atof(argv[2]) : 1.0;
	GError *err = NULL;
	struct model *m = model_load(dir, &err);
	if (!m) {
		fprintf(stderr, "forward_bench: %s\n", err->message);
		return 1;
	}
	double t0 = now();
	struct model_engine *e = model_engine_new(m, &err);
	double compile_s = now() - t0;
	if (!e) {
		fprintf(stderr, "forward_bench: %s\n", err->message);
		return 1;
	}
	enum { NQ = sizeof(queries) / sizeof(queries[0]) };
	struct model_packet pk[NQ];
	memset(pk, 0, sizeof(pk));
	for (unsigned i = 0; i < NQ; i++) {
		if (!model_addr_parse(queries[i].src, &pk[i].src) ||
			!model_addr_parse(queries[i].dst, &pk[i].dst)) {
			fprintf(stderr, "forward_bench: bad query %u\n", i);
			return 1;
		}
		pk[i].proto = queries[i].proto;
		pk[i].sport = 49152;
		pk[i].dport = queries[i].dport;
		pk[i].flags = queries[i].flags;
		pk[i].from = queries[i].from ? model_find_id(m, queries[i].from) : NULL;
		if (queries[i].from && !pk[i].from) {
			fprintf(stderr, "forward_bench: %s: not in %s\n", queries[i].from, dir);
			return 1;
		}
	}
	struct model_path *path = malloc(sizeof(*path));
	uint64_t n = 0, hops = 0, delivered = 0;
	double start = now(), end;
	do {
		for (unsigned r = 0; r < 4096; r++) {
			const struct model_packet *k = &pk[n % NQ];
			pk[n % NQ].sport = (uint16_t)(49152 + (n & 0x3fff));
			delivered += model_forward(e, k, path);
			hops += path->n_hops;
			n++;
		}
		end = now();
	} while (end - start < secs);
	double el = end - start;
	printf("forward_bench: %s (%u queries, compile %.3f ms)\n", dir, (unsigned)NQ,
		compile_s * 1e3);
	printf("model_forward: %llu full paths in %.3f s: %.0f paths/s, %.1f ns/path, "
	       "%.1f hops/path, %.0f%% delivered\n",
		(unsigned long long)n, el, (double)n / el, el * 1e9 / (double)n,
		(double)hops / (double)n, 100.0 * (double)delivered / (double)n);
	printf("target model_forward >= 2000000 paths/s: %s\n",
		(double)n / el >= 2e6 ? "PASS" : "MISS");
	free(path);
	model_engine_free(e);
	model_free(m);
	return 0;
}
