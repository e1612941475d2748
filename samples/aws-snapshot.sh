#!/bin/sh
# aws-snapshot.sh [-r REGION] [-p PROFILE] DIR - writes DIR/snap/*.json: the AWS-CLI
# snapshot `awstrace --topology DIR` reads (DESIGN.md "Topology"), for one account and
# one Region. Run it once per account and Region into sibling directories (snaps/hub,
# snaps/spoke-a…) and give awstrace the parent (`--topology snaps`) or each directory
# (`--topology snaps/hub --topology snaps/spoke-a`): they load as one model.
#
# Needs the AWS CLI v2 and read-only credentials (sts:GetCallerIdentity, ec2:Describe*,
# ec2:Search*, ec2:Get*, directconnect:Describe*, elasticloadbalancing:Describe*,
# network-firewall:List*, network-firewall:Describe*). The CLI paginates by itself
# (without --no-paginate) and merges the pages into one document, so each file holds
# everything; a file of several documents (pages appended by a --no-paginate loop) is
# read too, and a NextToken left in one is a warning. Outputs are written untouched;
# awstrace ignores fields it does not use. Not run by the tests (no AWS there).
set -eu

region=
profile=
while getopts r:p: opt; do
	case $opt in
	r) region=$OPTARG ;;
	p) profile=$OPTARG ;;
	*) echo "usage: $0 [-r REGION] [-p PROFILE] DIR" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-r REGION] [-p PROFILE] DIR" >&2; exit 2; }
out=$1/snap
mkdir -p "$out/search-transit-gateway-routes" \
	"$out/get-transit-gateway-route-table-associations" \
	"$out/get-transit-gateway-route-table-propagations" \
	"$out/get-managed-prefix-list-entries" \
	"$out/describe-target-health" \
	"$out/describe-firewall"

aws_() {
	# shellcheck disable=SC2086 # the optional flags are word lists on purpose
	aws ${region:+--region "$region"} ${profile:+--profile "$profile"} --output json "$@"
}

# one file per describe command: `snap ec2 describe-vpcs` writes describe-vpcs.json
snap() {
	svc=$1
	cmd=$2
	shift 2
	echo "aws $svc $cmd $*" >&2
	aws_ "$svc" "$cmd" "$@" >"$out/$cmd.json.tmp"
	mv "$out/$cmd.json.tmp" "$out/$cmd.json"
}

snap ec2 describe-vpcs
snap ec2 describe-subnets
snap ec2 describe-route-tables
snap ec2 describe-internet-gateways
snap ec2 describe-egress-only-internet-gateways
snap ec2 describe-nat-gateways
snap ec2 describe-vpc-peering-connections
snap ec2 describe-vpc-endpoints
snap ec2 describe-security-groups
snap ec2 describe-network-acls
snap ec2 describe-network-interfaces
snap ec2 describe-transit-gateways
snap ec2 describe-transit-gateway-attachments
snap ec2 describe-transit-gateway-vpc-attachments
snap ec2 describe-transit-gateway-route-tables
# Connect peers: the GRE and BGP addresses that tell a TGW's Connect attachments apart
# (optional: without them, BGP over GRE on a TGW with several Connect attachments is placed
# on none of them)
snap ec2 describe-transit-gateway-connect-peers
snap ec2 describe-vpn-connections
snap ec2 describe-vpn-gateways
snap ec2 describe-customer-gateways
snap ec2 describe-prefix-lists
snap ec2 describe-managed-prefix-lists
snap directconnect describe-connections
snap directconnect describe-virtual-interfaces
snap directconnect describe-direct-connect-gateways
snap elbv2 describe-load-balancers
snap elbv2 describe-target-groups
# endpoint services this account provides (GWLB appliances behind endpoints of others)
snap ec2 describe-vpc-endpoint-service-configurations
snap network-firewall list-firewalls

# account.json: which account and Region this snapshot shows (`aws sts
# get-caller-identity`, the Region added), so several snapshots tell accounts apart and
# warnings name them.
echo "aws sts get-caller-identity" >&2
ident=$(aws_ sts get-caller-identity --query '[Account, Arn, UserId]' --output text)
read -r acct arn uid <<EOF
$ident
EOF
snap_region=${region:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
[ -n "$snap_region" ] ||
	snap_region=$(aws ${profile:+--profile "$profile"} configure get region || true)
printf '{\n    "Account": "%s",\n    "Arn": "%s",\n    "UserId": "%s",\n    "Region": "%s"\n}\n' \
	"$acct" "$arn" "$uid" "$snap_region" >"$out/account.json"

# Direct Connect gateway associations: the API wants a gateway (or associated gateway) id,
# so ask per DX gateway and merge the lists into one document.
dxgws=$(aws_ directconnect describe-direct-connect-gateways \
	--query 'directConnectGateways[].directConnectGatewayId' --output text)
{
	echo '{"directConnectGatewayAssociations": ['
	sep=
	for g in $dxgws; do
		echo "aws directconnect describe-direct-connect-gateway-associations --direct-connect-gateway-id $g" >&2
		list=$(aws_ directconnect describe-direct-connect-gateway-associations \
			--direct-connect-gateway-id "$g" --query 'directConnectGatewayAssociations')
		# the list without its brackets; nothing for an empty one
		body=$(printf '%s\n' "$list" | sed -e '1s/^[[:space:]]*\[//' -e '$s/\][[:space:]]*$//')
		if [ -n "$(printf '%s' "$body" | tr -d ' \t\n')" ]; then
			printf '%s%s\n' "$sep" "$body"
			sep=,
		fi
	done
	echo ']}'
} >"$out/describe-direct-connect-gateway-associations.json"

# Per TGW route table: routes (the state filter is mandatory; up to 1000 routes, and
# AdditionalRoutesAvailable says when there were more), associations, propagations.
rtbs=$(aws_ ec2 describe-transit-gateway-route-tables \
	--query 'TransitGatewayRouteTables[].TransitGatewayRouteTableId' --output text)
for t in $rtbs; do
	echo "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id $t" >&2
	aws_ ec2 search-transit-gateway-routes --transit-gateway-route-table-id "$t" \
		--filters Name=state,Values=active,blackhole \
		>"$out/search-transit-gateway-routes/$t.json"
	aws_ ec2 get-transit-gateway-route-table-associations \
		--transit-gateway-route-table-id "$t" \
		>"$out/get-transit-gateway-route-table-associations/$t.json"
	aws_ ec2 get-transit-gateway-route-table-propagations \
		--transit-gateway-route-table-id "$t" \
		>"$out/get-transit-gateway-route-table-propagations/$t.json"
	if grep -q '"AdditionalRoutesAvailable": true' "$out/search-transit-gateway-routes/$t.json"; then
		echo "warning: $t has more than 1000 routes; the snapshot holds the first 1000" >&2
	fi
done

# Per managed prefix list, the customer's and AWS's (CloudFront origin-facing, S3,
# DynamoDB: describe-managed-prefix-lists shows no entries, and only S3 and DynamoDB are
# in describe-prefix-lists): its entries. Without them a route or rule to the list is
# "not known" to awstrace (a warning), not "no address".
pls=$(aws_ ec2 describe-managed-prefix-lists --query "PrefixLists[].PrefixListId" --output text)
for p in $pls; do
	echo "aws ec2 get-managed-prefix-list-entries --prefix-list-id $p" >&2
	aws_ ec2 get-managed-prefix-list-entries --prefix-list-id "$p" \
		>"$out/get-managed-prefix-list-entries/$p.json"
done

# Gateway Load Balancer target groups (protocol GENEVE): which appliances are healthy, so
# the appliance a flow goes to is not guessed. One file per target group, named after the
# last part of its ARN (targetgroup/NAME/ID -> NAME.ID.json).
tgs=$(aws_ elbv2 describe-target-groups --query "TargetGroups[?Protocol=='GENEVE'].TargetGroupArn" \
	--output text)
for t in $tgs; do
	echo "aws elbv2 describe-target-health --target-group-arn $t" >&2
	name=$(printf '%s' "${t##*:targetgroup/}" | tr / .)
	aws_ elbv2 describe-target-health --target-group-arn "$t" \
		>"$out/describe-target-health/$name.json"
done

# AWS Network Firewall: each firewall's subnets, endpoints and policy.
fws=$(aws_ network-firewall list-firewalls --query 'Firewalls[].FirewallArn' --output text)
for f in $fws; do
	echo "aws network-firewall describe-firewall --firewall-arn $f" >&2
	aws_ network-firewall describe-firewall --firewall-arn "$f" \
		>"$out/describe-firewall/${f##*/}.json"
done

if [ ! -e "$out/awstrace.json" ]; then
	cat >&2 <<MSG
done: $out
Add $out/awstrace.json for what AWS cannot describe (on-premises networks, which VIF
or VPN advertises them and with what AS_PATH length, link capacities, vantage points);
see samples/topologies/hybrid/snap/awstrace.json.
MSG
fi
