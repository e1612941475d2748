/* pcap_floor: the libpcap read loop every libpcap-based tool pays for, and nothing else.
 *
 * pcap_open_offline() and a pcap_next_ex() loop that counts packets and captured bytes:
 * `make bench` divides every other tool's rate by this one. Prints
 * "PACKETS BYTES" on stdout; exits 1 when the file cannot be read, 2 on bad usage.
 */
#include <stdio.h>
#include <stdint.h>
#include <pcap/pcap.h>

int
main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *hdr;
	const u_char *data;
	uint64_t packets = 0;
	uint64_t bytes = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcap_floor FILE\n");
		return 2;
	}
	p = pcap_open_offline(argv[1], errbuf);
	if (!p) {
		fprintf(stderr, "pcap_floor: %s: %s\n", argv[1], errbuf);
		return 1;
	}
	while ((rc = pcap_next_ex(p, &hdr, &data)) == 1) {
		packets++;
		bytes += hdr->caplen;
	}
	/* -2 is the end of the file; -1 a read error (a truncated last record, say) */
	if (rc == -1) {
		fprintf(stderr, "pcap_floor: %s: after %llu packets: %s\n", argv[1],
			(unsigned long long)packets, pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	printf("%llu %llu\n", (unsigned long long)packets, (unsigned long long)bytes);
	return 0;
}
