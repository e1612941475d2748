/* test_forward.c - the forwarding engine (model/forward.c) on a small lab topology written
 * as AWS-CLI JSON into a temporary directory and loaded with model_load(), so the real
 * loader is exercised too. Each rule is tested with the case that must pass and the one
 * that must not.
 *
 * The lab (JSON below uses ' for " to stay readable; lab_write() swaps them):
 *   vpc-a 10.0.0.0/16 + 2600:1f18:1::/56: subnet-a1 (rtb-a1, main; NACL acl-a), subnet-atgw
 *     (rtb-atgw: 0/0 -> tgw, the loop), subnet-agwlbe (GWLB endpoint vpce-gwlba), igw-a with
 *     gateway route table rtb-aedge (10.0.1.0/24 -> vpce-gwlba), eigw-a, nat-a (EIP).
 *   vpc-b 10.1.0.0/16 peered with vpc-a (pcx-ab); vpc-c 10.2.0.0/16 peered with vpc-a (pcx-ac)
 *     with vgw-c: vpn-s (static 172.20.0.0/16) and vpn-b (BGP, AS_PATH 1).
 *   tgw-1: attachments to vpc-a, vpn-1, vpn-2 and dx gateway dxgw-1 (transit VIF); its table
 *     tgw-rtb-1 holds 192.168.0.0/16 from vpn-1 and from the DX gateway, 172.16.0.0/16 from
 *     vpn-1 (AS_PATH 3) and vpn-2 (AS_PATH 1), 10.9.0.0/16 blackhole, 8.8.8.0/24 -> vpc-a.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "model/forward.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

struct lab_file {
	const char *name;
	const char *json;
};

static const struct lab_file lab[] = {
	{ "describe-vpcs.json",
		"{'Vpcs':["
		"{'VpcId':'vpc-a','CidrBlock':'10.0.0.0/16','State':'available','IsDefault':false,"
		"'CidrBlockAssociationSet':[{'CidrBlock':'10.0.0.0/"
		"16','CidrBlockState':{'State':'associated'}}],"
		"'Ipv6CidrBlockAssociationSet':[{'Ipv6CidrBlock':'2600:1f18:1::/"
		"56','Ipv6CidrBlockState':{'State':'associated'}}]},"
		"{'VpcId':'vpc-b','CidrBlock':'10.1.0.0/16','State':'available','IsDefault':false,"
		"'CidrBlockAssociationSet':[{'CidrBlock':'10.1.0.0/"
		"16','CidrBlockState':{'State':'associated'}}]},"
		"{'VpcId':'vpc-c','CidrBlock':'10.2.0.0/16','State':'available','IsDefault':false,"
		"'CidrBlockAssociationSet':[{'CidrBlock':'10.2.0.0/"
		"16','CidrBlockState':{'State':'associated'}}]}]}" },
	{ "describe-subnets.json",
		"{'Subnets':["
		"{'SubnetId':'subnet-a1','VpcId':'vpc-a','CidrBlock':'10.0.1.0/"
		"24','AvailabilityZone':'us-east-1a','AvailabilityZoneId':'use1-az1',"
		"'Ipv6CidrBlockAssociationSet':[{'Ipv6CidrBlock':'2600:1f18:1:1::/"
		"64','Ipv6CidrBlockState':{'State':'associated'}}]},"
		"{'SubnetId':'subnet-atgw','VpcId':'vpc-a','CidrBlock':'10.0.255.0/"
		"28','AvailabilityZone':'us-east-1a','AvailabilityZoneId':'use1-az1'},"
		"{'SubnetId':'subnet-agwlbe','VpcId':'vpc-a','CidrBlock':'10.0.3.0/"
		"24','AvailabilityZone':'us-east-1a','AvailabilityZoneId':'use1-az1'},"
		"{'SubnetId':'subnet-b1','VpcId':'vpc-b','CidrBlock':'10.1.1.0/"
		"24','AvailabilityZone':'us-east-1a','AvailabilityZoneId':'use1-az1'},"
		"{'SubnetId':'subnet-c1','VpcId':'vpc-c','CidrBlock':'10.2.1.0/"
		"24','AvailabilityZone':'us-east-1a','AvailabilityZoneId':'use1-az1'},"
		"{'SubnetId':'subnet-c2','VpcId':'vpc-c','CidrBlock':'10.2.2.0/"
		"24','AvailabilityZone':'us-east-1a','AvailabilityZoneId':'use1-az1'},"
		"{'SubnetId':'subnet-c6','VpcId':'vpc-c','CidrBlock':'10.2.6.0/"
		"24','AvailabilityZone':'us-east-1a','AvailabilityZoneId':'use1-az1'}]}" },
	{ "describe-route-tables.json",
		"{'RouteTables':["
		"{'RouteTableId':'rtb-a1','VpcId':'vpc-a','PropagatingVgws':[],"
		"'Associations':[{'Main':true,'RouteTableId':'rtb-a1'},{'Main':false,'RouteTableId'"
		":'rtb-a1','SubnetId':'subnet-a1'}],"
		"'Routes':[{'DestinationCidrBlock':'10.0.0.0/"
		"16','GatewayId':'local','Origin':'CreateRouteTable','State':'active'},"
		"{'DestinationIpv6CidrBlock':'2600:1f18:1::/"
		"56','GatewayId':'local','Origin':'CreateRouteTable','State':'active'},"
		"{'DestinationCidrBlock':'10.1.0.0/"
		"16','VpcPeeringConnectionId':'pcx-ab','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'10.2.0.0/"
		"16','VpcPeeringConnectionId':'pcx-ac','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'192.168.0.0/"
		"16','TransitGatewayId':'tgw-1','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'192.168.10.0/"
		"24','VpcPeeringConnectionId':'pcx-ab','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'172.16.0.0/"
		"16','TransitGatewayId':'tgw-1','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'10.9.0.0/"
		"16','TransitGatewayId':'tgw-1','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'8.8.8.0/"
		"24','TransitGatewayId':'tgw-1','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'0.0.0.0/"
		"0','GatewayId':'igw-a','Origin':'CreateRoute','State':'active'},"
		"{'DestinationIpv6CidrBlock':'::/"
		"0','EgressOnlyInternetGatewayId':'eigw-a','Origin':'CreateRoute','State':'active'}"
		"]},"
		"{'RouteTableId':'rtb-atgw','VpcId':'vpc-a','PropagatingVgws':[],"
		"'Associations':[{'Main':false,'RouteTableId':'rtb-atgw','SubnetId':'subnet-atgw'}]"
		","
		"'Routes':[{'DestinationCidrBlock':'10.0.0.0/"
		"16','GatewayId':'local','Origin':'CreateRouteTable','State':'active'},"
		"{'DestinationCidrBlock':'0.0.0.0/"
		"0','TransitGatewayId':'tgw-1','Origin':'CreateRoute','State':'active'}]},"
		"{'RouteTableId':'rtb-agwlbe','VpcId':'vpc-a','PropagatingVgws':[],"
		"'Associations':[{'Main':false,'RouteTableId':'rtb-agwlbe','SubnetId':'subnet-"
		"agwlbe'}],"
		"'Routes':[{'DestinationCidrBlock':'10.0.0.0/"
		"16','GatewayId':'local','Origin':'CreateRouteTable','State':'active'},"
		"{'DestinationCidrBlock':'0.0.0.0/"
		"0','GatewayId':'igw-a','Origin':'CreateRoute','State':'active'}]},"
		"{'RouteTableId':'rtb-aedge','VpcId':'vpc-a','PropagatingVgws':[],"
		"'Associations':[{'Main':false,'RouteTableId':'rtb-aedge','GatewayId':'igw-a'}],"
		"'Routes':[{'DestinationCidrBlock':'10.0.0.0/"
		"16','GatewayId':'local','Origin':'CreateRouteTable','State':'active'},"
		"{'DestinationCidrBlock':'10.0.1.0/"
		"24','GatewayId':'vpce-0aaaaaaaaaaaaaaa1','Origin':'CreateRoute','State':'active'}]"
		"},"
		"{'RouteTableId':'rtb-b','VpcId':'vpc-b','PropagatingVgws':[],"
		"'Associations':[{'Main':true,'RouteTableId':'rtb-b'}],"
		"'Routes':[{'DestinationCidrBlock':'10.1.0.0/"
		"16','GatewayId':'local','Origin':'CreateRouteTable','State':'active'},"
		"{'DestinationCidrBlock':'10.0.0.0/"
		"16','VpcPeeringConnectionId':'pcx-ab','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'10.2.0.0/"
		"16','VpcPeeringConnectionId':'pcx-ab','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'0.0.0.0/"
		"0','VpcPeeringConnectionId':'pcx-ab','Origin':'CreateRoute','State':'active'}]},"
		"{'RouteTableId':'rtb-c','VpcId':'vpc-c','PropagatingVgws':[{'GatewayId':'vgw-c'}],"
		"'Associations':[{'Main':true,'RouteTableId':'rtb-c'},{'Main':false,'RouteTableId':"
		"'rtb-c','SubnetId':'subnet-c1'},"
		"{'Main':false,'RouteTableId':'rtb-c','SubnetId':'subnet-c6'}],"
		"'Routes':[{'DestinationCidrBlock':'10.2.0.0/"
		"16','GatewayId':'local','Origin':'CreateRouteTable','State':'active'},"
		"{'DestinationCidrBlock':'10.0.0.0/"
		"16','VpcPeeringConnectionId':'pcx-ac','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'10.2.6.0/"
		"24','NetworkInterfaceId':'eni-c2','Origin':'CreateRoute','State':'active'},"
		"{'DestinationCidrBlock':'172.20.0.0/"
		"16','GatewayId':'vgw-c','Origin':'EnableVgwRoutePropagation','State':'active'},"
		"{'DestinationCidrBlock':'172.21.0.0/"
		"16','GatewayId':'vgw-c','Origin':'EnableVgwRoutePropagation','State':'active'},"
		"{'DestinationCidrBlock':'172.21.0.0/"
		"16','VpcPeeringConnectionId':'pcx-ac','Origin':'CreateRoute','State':'active'}]},"
		"{'RouteTableId':'rtb-c2','VpcId':'vpc-c','PropagatingVgws':[],"
		"'Associations':[{'Main':false,'RouteTableId':'rtb-c2','SubnetId':'subnet-c2'}],"
		"'Routes':[{'DestinationCidrBlock':'10.2.0.0/"
		"16','GatewayId':'local','Origin':'CreateRouteTable','State':'active'}]}]}" },
	{ "describe-internet-gateways.json",
		"{'InternetGateways':[{'InternetGatewayId':'igw-a','Attachments':[{'State':'"
		"available','VpcId':'vpc-a'}]}]}" },
	{ "describe-egress-only-internet-gateways.json",
		"{'EgressOnlyInternetGateways':[{'EgressOnlyInternetGatewayId':'eigw-a','"
		"Attachments':[{'State':'attached','VpcId':'vpc-a'}]}]}" },
	{ "describe-nat-gateways.json",
		"{'NatGateways':[{'NatGatewayId':'nat-a','SubnetId':'subnet-a1','VpcId':'vpc-a','"
		"State':'available','ConnectivityType':'public',"
		"'NatGatewayAddresses':[{'NetworkInterfaceId':'eni-nat','PrivateIp':'10.0.1.50','"
		"PublicIp':'198.51.100.50','IsPrimary':true}]}]}" },
	{ "describe-vpc-peering-connections.json",
		"{'VpcPeeringConnections':["
		"{'VpcPeeringConnectionId':'pcx-ab','Status':{'Code':'active'},"
		"'RequesterVpcInfo':{'VpcId':'vpc-a','CidrBlock':'10.0.0.0/"
		"16','CidrBlockSet':[{'CidrBlock':'10.0.0.0/"
		"16'}],'OwnerId':'1','Region':'us-east-1'},"
		"'AccepterVpcInfo':{'VpcId':'vpc-b','CidrBlock':'10.1.0.0/"
		"16','CidrBlockSet':[{'CidrBlock':'10.1.0.0/"
		"16'}],'OwnerId':'1','Region':'us-east-1'}},"
		"{'VpcPeeringConnectionId':'pcx-ac','Status':{'Code':'active'},"
		"'RequesterVpcInfo':{'VpcId':'vpc-a','CidrBlock':'10.0.0.0/"
		"16','CidrBlockSet':[{'CidrBlock':'10.0.0.0/"
		"16'}],'OwnerId':'1','Region':'us-east-1'},"
		"'AccepterVpcInfo':{'VpcId':'vpc-c','CidrBlock':'10.2.0.0/"
		"16','CidrBlockSet':[{'CidrBlock':'10.2.0.0/"
		"16'}],'OwnerId':'1','Region':'us-east-1'}}]}" },
	{ "describe-vpc-endpoints.json",
		"{'VpcEndpoints':[{'VpcEndpointId':'vpce-0aaaaaaaaaaaaaaa1','VpcEndpointType':'"
		"GatewayLoadBalancer','VpcId':'vpc-a',"
		"'ServiceName':'com.amazonaws.vpce.us-east-1.vpce-svc-1','State':'available','"
		"RouteTableIds':[],"
		"'SubnetIds':['subnet-agwlbe'],'Groups':[],'NetworkInterfaceIds':['eni-gwlbe']}]"
		"}" },
	{ "describe-security-groups.json",
		"{'SecurityGroups':["
		"{'GroupId':'sg-a','GroupName':'a','VpcId':'vpc-a','Description':'a',"
		"'IpPermissions':[{'IpProtocol':'tcp','FromPort':443,'ToPort':443,'IpRanges':[{'"
		"CidrIp':'0.0.0.0/0'}],'Ipv6Ranges':[{'CidrIpv6':'::/"
		"0'}],'UserIdGroupPairs':[],'PrefixListIds':[]},"
		"{'IpProtocol':'tcp','FromPort':8443,'ToPort':8443,'IpRanges':[{'CidrIp':'10.0.0.0/"
		"8'}],'Ipv6Ranges':[],'UserIdGroupPairs':[],'PrefixListIds':[]}],"
		"'IpPermissionsEgress':[{'IpProtocol':'-1','IpRanges':[{'CidrIp':'0.0.0.0/"
		"0'}],'Ipv6Ranges':[{'CidrIpv6':'::/"
		"0'}],'UserIdGroupPairs':[],'PrefixListIds':[]}]},"
		"{'GroupId':'sg-o','GroupName':'o','VpcId':'vpc-b','Description':'o',"
		"'IpPermissions':[{'IpProtocol':'tcp','FromPort':443,'ToPort':443,'IpRanges':[{'"
		"CidrIp':'0.0.0.0/0'}],'Ipv6Ranges':[],'UserIdGroupPairs':[],'PrefixListIds':[]}],"
		"'IpPermissionsEgress':[{'IpProtocol':'-1','IpRanges':[{'CidrIp':'0.0.0.0/"
		"0'}],'Ipv6Ranges':[],'UserIdGroupPairs':[],'PrefixListIds':[]}]},"
		"{'GroupId':'sg-c','GroupName':'c','VpcId':'vpc-c','Description':'c',"
		"'IpPermissions':[{'IpProtocol':'tcp','FromPort':443,'ToPort':443,'IpRanges':[{'"
		"CidrIp':'0.0.0.0/0'}],'Ipv6Ranges':[],'UserIdGroupPairs':[],'PrefixListIds':[]}],"
		"'IpPermissionsEgress':[{'IpProtocol':'-1','IpRanges':[{'CidrIp':'0.0.0.0/"
		"0'}],'Ipv6Ranges':[],'UserIdGroupPairs':[],'PrefixListIds':[]}]}]}" },
	{ "describe-network-acls.json",
		"{'NetworkAcls':["
		"{'NetworkAclId':'acl-a','VpcId':'vpc-a','IsDefault':false,'Associations':[{'"
		"SubnetId':'subnet-a1','NetworkAclId':'acl-a'}],'Entries':["
		"{'RuleNumber':90,'Protocol':'6','RuleAction':'deny','Egress':false,'CidrBlock':'"
		"10.1.0.0/16','PortRange':{'From':8443,'To':8443}},"
		"{'RuleNumber':100,'Protocol':'6','RuleAction':'allow','Egress':false,'CidrBlock':'"
		"10.1.0.0/16','PortRange':{'From':443,'To':443}},"
		"{'RuleNumber':200,'Protocol':'6','RuleAction':'deny','Egress':false,'CidrBlock':'"
		"10.1.0.0/16','PortRange':{'From':0,'To':65535}},"
		"{'RuleNumber':300,'Protocol':'-1','RuleAction':'allow','Egress':false,'CidrBlock':"
		"'0.0.0.0/0'},"
		"{'RuleNumber':301,'Protocol':'-1','RuleAction':'allow','Egress':false,'"
		"Ipv6CidrBlock':'::/0'},"
		"{'RuleNumber':32767,'Protocol':'-1','RuleAction':'deny','Egress':false,'CidrBlock'"
		":'0.0.0.0/0'},"
		"{'RuleNumber':32768,'Protocol':'-1','RuleAction':'deny','Egress':false,'"
		"Ipv6CidrBlock':'::/0'},"
		"{'RuleNumber':100,'Protocol':'-1','RuleAction':'allow','Egress':true,'CidrBlock':'"
		"0.0.0.0/0'},"
		"{'RuleNumber':101,'Protocol':'-1','RuleAction':'allow','Egress':true,'"
		"Ipv6CidrBlock':'::/0'},"
		"{'RuleNumber':32767,'Protocol':'-1','RuleAction':'deny','Egress':true,'CidrBlock':"
		"'0.0.0.0/0'},"
		"{'RuleNumber':32768,'Protocol':'-1','RuleAction':'deny','Egress':true,'"
		"Ipv6CidrBlock':'::/0'}]},"
		"{'NetworkAclId':'acl-adef','VpcId':'vpc-a','IsDefault':true,'Associations':["
		"{'SubnetId':'subnet-atgw','NetworkAclId':'acl-adef'},{'SubnetId':'subnet-agwlbe','"
		"NetworkAclId':'acl-adef'}],'Entries':["
		"{'RuleNumber':100,'Protocol':'-1','RuleAction':'allow','Egress':false,'CidrBlock':"
		"'0.0.0.0/0'},"
		"{'RuleNumber':100,'Protocol':'-1','RuleAction':'allow','Egress':true,'CidrBlock':'"
		"0.0.0.0/0'}]},"
		"{'NetworkAclId':'acl-b','VpcId':'vpc-b','IsDefault':true,'Associations':[{'"
		"SubnetId':'subnet-b1','NetworkAclId':'acl-b'}],'Entries':["
		"{'RuleNumber':100,'Protocol':'-1','RuleAction':'allow','Egress':false,'CidrBlock':"
		"'0.0.0.0/0'},"
		"{'RuleNumber':100,'Protocol':'-1','RuleAction':'allow','Egress':true,'CidrBlock':'"
		"0.0.0.0/0'}]},"
		"{'NetworkAclId':'acl-c','VpcId':'vpc-c','IsDefault':true,'Associations':[{'"
		"SubnetId':'subnet-c1','NetworkAclId':'acl-c'},"
		"{'SubnetId':'subnet-c2','NetworkAclId':'acl-c'},{'SubnetId':'subnet-c6','"
		"NetworkAclId':'acl-c'}],'Entries':["
		"{'RuleNumber':100,'Protocol':'-1','RuleAction':'allow','Egress':false,'CidrBlock':"
		"'0.0.0.0/0'},"
		"{'RuleNumber':100,'Protocol':'-1','RuleAction':'allow','Egress':true,'CidrBlock':'"
		"0.0.0.0/0'}]}]}" },
	{ "describe-network-interfaces.json",
		"{'NetworkInterfaces':["
		"{'NetworkInterfaceId':'eni-a1','SubnetId':'subnet-a1','VpcId':'vpc-a','"
		"InterfaceType':'interface','SourceDestCheck':true,"
		"'Groups':[{'GroupId':'sg-a'}],'PrivateIpAddress':'10.0.1.10','PrivateIpAddresses':"
		"[{'PrivateIpAddress':'10.0.1.10','Primary':true}],"
		"'Ipv6Addresses':[{'Ipv6Address':'2600:1f18:1:1::10'}]},"
		"{'NetworkInterfaceId':'eni-a2','SubnetId':'subnet-a1','VpcId':'vpc-a','"
		"InterfaceType':'interface','SourceDestCheck':true,"
		"'Groups':[{'GroupId':'sg-a'}],'PrivateIpAddress':'10.0.1.20','PrivateIpAddresses':"
		"[{'PrivateIpAddress':'10.0.1.20','Primary':true,"
		"'Association':{'PublicIp':'198.51.100.1'}}],'Ipv6Addresses':[]},"
		"{'NetworkInterfaceId':'eni-nat','SubnetId':'subnet-a1','VpcId':'vpc-a','"
		"InterfaceType':'nat_gateway','SourceDestCheck':false,"
		"'Description':'Interface for NAT Gateway "
		"nat-a','Groups':[],'PrivateIpAddress':'10.0.1.50','PrivateIpAddresses':[{'"
		"PrivateIpAddress':'10.0.1.50','Primary':true,"
		"'Association':{'PublicIp':'198.51.100.50'}}],'Ipv6Addresses':[]},"
		"{'NetworkInterfaceId':'eni-gwlbe','SubnetId':'subnet-agwlbe','VpcId':'vpc-a','"
		"InterfaceType':'gateway_load_balancer_endpoint','SourceDestCheck':true,"
		"'Groups':[],'PrivateIpAddress':'10.0.3.5','PrivateIpAddresses':[{'"
		"PrivateIpAddress':'10.0.3.5','Primary':true}],'Ipv6Addresses':[]},"
		"{'NetworkInterfaceId':'eni-b1','SubnetId':'subnet-b1','VpcId':'vpc-b','"
		"InterfaceType':'interface','SourceDestCheck':true,"
		"'Groups':[{'GroupId':'sg-o'}],'PrivateIpAddress':'10.1.1.10','PrivateIpAddresses':"
		"[{'PrivateIpAddress':'10.1.1.10','Primary':true}],'Ipv6Addresses':[]},"
		"{'NetworkInterfaceId':'eni-c1','SubnetId':'subnet-c1','VpcId':'vpc-c','"
		"InterfaceType':'interface','SourceDestCheck':true,"
		"'Groups':[{'GroupId':'sg-c'}],'PrivateIpAddress':'10.2.1.10','PrivateIpAddresses':"
		"[{'PrivateIpAddress':'10.2.1.10','Primary':true}],'Ipv6Addresses':[]},"
		"{'NetworkInterfaceId':'eni-c2','SubnetId':'subnet-c2','VpcId':'vpc-c','"
		"InterfaceType':'interface','SourceDestCheck':false,"
		"'Groups':[{'GroupId':'sg-c'}],'PrivateIpAddress':'10.2.2.10','PrivateIpAddresses':"
		"[{'PrivateIpAddress':'10.2.2.10','Primary':true}],'Ipv6Addresses':[]},"
		"{'NetworkInterfaceId':'eni-c3','SubnetId':'subnet-c6','VpcId':'vpc-c','"
		"InterfaceType':'interface','SourceDestCheck':true,"
		"'Groups':[{'GroupId':'sg-c'}],'PrivateIpAddress':'10.2.6.10','PrivateIpAddresses':"
		"[{'PrivateIpAddress':'10.2.6.10','Primary':true}],'Ipv6Addresses':[]}]}" },
	{ "describe-transit-gateways.json",
		"{'TransitGateways':[{'TransitGatewayId':'tgw-1','State':'available','Options':{'"
		"AmazonSideAsn':64512,"
		"'DefaultRouteTableAssociation':'disable','DefaultRouteTablePropagation':'disable',"
		"'VpnEcmpSupport':'disable','DnsSupport':'enable'}}]}" },
	{ "describe-transit-gateway-attachments.json",
		"{'TransitGatewayAttachments':["
		"{'TransitGatewayAttachmentId':'tgw-attach-a','TransitGatewayId':'tgw-1','"
		"ResourceType':'vpc','ResourceId':'vpc-a','State':'available',"
		"'Association':{'TransitGatewayRouteTableId':'tgw-rtb-1','State':'associated'}},"
		"{'TransitGatewayAttachmentId':'tgw-attach-v1','TransitGatewayId':'tgw-1','"
		"ResourceType':'vpn','ResourceId':'vpn-1','State':'available',"
		"'Association':{'TransitGatewayRouteTableId':'tgw-rtb-1','State':'associated'}},"
		"{'TransitGatewayAttachmentId':'tgw-attach-v2','TransitGatewayId':'tgw-1','"
		"ResourceType':'vpn','ResourceId':'vpn-2','State':'available',"
		"'Association':{'TransitGatewayRouteTableId':'tgw-rtb-1','State':'associated'}},"
		"{'TransitGatewayAttachmentId':'tgw-attach-dx','TransitGatewayId':'tgw-1','"
		"ResourceType':'direct-connect-gateway','ResourceId':'dxgw-1','State':'available',"
		"'Association':{'TransitGatewayRouteTableId':'tgw-rtb-1','State':'associated'}}]"
		"}" },
	{ "describe-transit-gateway-vpc-attachments.json",
		"{'TransitGatewayVpcAttachments':[{'TransitGatewayAttachmentId':'tgw-attach-a','"
		"TransitGatewayId':'tgw-1','VpcId':'vpc-a',"
		"'State':'available','SubnetIds':['subnet-atgw'],'Options':{'DnsSupport':'enable','"
		"Ipv6Support':'disable','ApplianceModeSupport':'disable'}}]}" },
	{ "describe-transit-gateway-route-tables.json",
		"{'TransitGatewayRouteTables':[{'TransitGatewayRouteTableId':'tgw-rtb-1','"
		"TransitGatewayId':'tgw-1','State':'available',"
		"'DefaultAssociationRouteTable':false,'DefaultPropagationRouteTable':false}]}" },
	{ "search-transit-gateway-routes/tgw-rtb-1.json",
		"{'Routes':["
		"{'DestinationCidrBlock':'192.168.0.0/"
		"16','Type':'propagated','State':'active','TransitGatewayAttachments':["
		"{'ResourceId':'vpn-1','TransitGatewayAttachmentId':'tgw-attach-v1','ResourceType':"
		"'vpn'}]},"
		"{'DestinationCidrBlock':'192.168.0.0/"
		"16','Type':'propagated','State':'active','TransitGatewayAttachments':["
		"{'ResourceId':'dxgw-1','TransitGatewayAttachmentId':'tgw-attach-dx','ResourceType'"
		":'direct-connect-gateway'}]},"
		"{'DestinationCidrBlock':'172.16.0.0/"
		"16','Type':'propagated','State':'active','TransitGatewayAttachments':["
		"{'ResourceId':'vpn-1','TransitGatewayAttachmentId':'tgw-attach-v1','ResourceType':"
		"'vpn'}]},"
		"{'DestinationCidrBlock':'172.16.0.0/"
		"16','Type':'propagated','State':'active','TransitGatewayAttachments':["
		"{'ResourceId':'vpn-2','TransitGatewayAttachmentId':'tgw-attach-v2','ResourceType':"
		"'vpn'}]},"
		"{'DestinationCidrBlock':'10.9.0.0/16','Type':'static','State':'blackhole'},"
		"{'DestinationCidrBlock':'10.0.0.0/"
		"16','Type':'propagated','State':'active','TransitGatewayAttachments':["
		"{'ResourceId':'vpc-a','TransitGatewayAttachmentId':'tgw-attach-a','ResourceType':'"
		"vpc'}]},"
		"{'DestinationCidrBlock':'8.8.8.0/"
		"24','Type':'static','State':'active','TransitGatewayAttachments':["
		"{'ResourceId':'vpc-a','TransitGatewayAttachmentId':'tgw-attach-a','ResourceType':'"
		"vpc'}]}]}" },
	{ "get-transit-gateway-route-table-associations/tgw-rtb-1.json",
		"{'Associations':[{'TransitGatewayAttachmentId':'tgw-attach-a','ResourceId':'vpc-a'"
		",'ResourceType':'vpc','State':'associated'},"
		"{'TransitGatewayAttachmentId':'tgw-attach-v1','ResourceId':'vpn-1','ResourceType':"
		"'vpn','State':'associated'},"
		"{'TransitGatewayAttachmentId':'tgw-attach-v2','ResourceId':'vpn-2','ResourceType':"
		"'vpn','State':'associated'},"
		"{'TransitGatewayAttachmentId':'tgw-attach-dx','ResourceId':'dxgw-1','ResourceType'"
		":'direct-connect-gateway','State':'associated'}]}" },
	{ "get-transit-gateway-route-table-propagations/tgw-rtb-1.json",
		"{'TransitGatewayRouteTablePropagations':[{'TransitGatewayAttachmentId':'tgw-"
		"attach-a','ResourceId':'vpc-a','ResourceType':'vpc','State':'enabled'},"
		"{'TransitGatewayAttachmentId':'tgw-attach-v1','ResourceId':'vpn-1','ResourceType':"
		"'vpn','State':'enabled'},"
		"{'TransitGatewayAttachmentId':'tgw-attach-v2','ResourceId':'vpn-2','ResourceType':"
		"'vpn','State':'enabled'},"
		"{'TransitGatewayAttachmentId':'tgw-attach-dx','ResourceId':'dxgw-1','ResourceType'"
		":'direct-connect-gateway','State':'enabled'}]}" },
	{ "describe-customer-gateways.json",
		"{'CustomerGateways':[{'CustomerGatewayId':'cgw-1','BgpAsn':'65000','IpAddress':'"
		"203.0.113.10','State':'available','Type':'ipsec.1'}]}" },
	{ "describe-vpn-gateways.json",
		"{'VpnGateways':[{'VpnGatewayId':'vgw-c','State':'available','Type':'ipsec.1','"
		"AmazonSideAsn':64514,"
		"'VpcAttachments':[{'State':'attached','VpcId':'vpc-c'}]}]}" },
	{ "describe-vpn-connections.json",
		"{'VpnConnections':["
		"{'VpnConnectionId':'vpn-1','CustomerGatewayId':'cgw-1','TransitGatewayId':'tgw-1',"
		"'State':'available','Type':'ipsec.1',"
		"'Options':{'StaticRoutesOnly':false,'TunnelOptions':[{'OutsideIpAddress':'52.95.1."
		"1'},{'OutsideIpAddress':'52.95.1.2'}]},'Routes':[],"
		"'VgwTelemetry':[{'OutsideIpAddress':'52.95.1.1','Status':'UP','AcceptedRouteCount'"
		":1},{'OutsideIpAddress':'52.95.1.2','Status':'UP','AcceptedRouteCount':1}]},"
		"{'VpnConnectionId':'vpn-2','CustomerGatewayId':'cgw-1','TransitGatewayId':'tgw-1',"
		"'State':'available','Type':'ipsec.1',"
		"'Options':{'StaticRoutesOnly':false,'TunnelOptions':[{'OutsideIpAddress':'52.95.2."
		"1'},{'OutsideIpAddress':'52.95.2.2'}]},'Routes':[],"
		"'VgwTelemetry':[{'OutsideIpAddress':'52.95.2.1','Status':'DOWN','"
		"AcceptedRouteCount':0},{'OutsideIpAddress':'52.95.2.2','Status':'UP','"
		"AcceptedRouteCount':1}]},"
		"{'VpnConnectionId':'vpn-s','CustomerGatewayId':'cgw-1','VpnGatewayId':'vgw-c','"
		"State':'available','Type':'ipsec.1',"
		"'Options':{'StaticRoutesOnly':true,'TunnelOptions':[{'OutsideIpAddress':'52.95.3."
		"1'},{'OutsideIpAddress':'52.95.3.2'}]},"
		"'Routes':[{'DestinationCidrBlock':'172.20.0.0/"
		"16','Source':'Static','State':'available'}],"
		"'VgwTelemetry':[{'OutsideIpAddress':'52.95.3.1','Status':'UP','AcceptedRouteCount'"
		":0},{'OutsideIpAddress':'52.95.3.2','Status':'UP','AcceptedRouteCount':0}]},"
		"{'VpnConnectionId':'vpn-b','CustomerGatewayId':'cgw-1','VpnGatewayId':'vgw-c','"
		"State':'available','Type':'ipsec.1',"
		"'Options':{'StaticRoutesOnly':false,'TunnelOptions':[{'OutsideIpAddress':'52.95.4."
		"1'},{'OutsideIpAddress':'52.95.4.2'}]},'Routes':[],"
		"'VgwTelemetry':[{'OutsideIpAddress':'52.95.4.1','Status':'UP','AcceptedRouteCount'"
		":1},{'OutsideIpAddress':'52.95.4.2','Status':'UP','AcceptedRouteCount':1}]}]}" },
	{ "describe-connections.json",
		"{'connections':[{'connectionId':'dxcon-1','connectionName':'dc','connectionState':"
		"'available','bandwidth':'1Gbps','location':'EqDC2','vlan':0}]}" },
	{ "describe-virtual-interfaces.json",
		"{'virtualInterfaces':[{'virtualInterfaceId':'dxvif-1','connectionId':'dxcon-1','"
		"virtualInterfaceType':'transit','virtualInterfaceName':'t',"
		"'vlan':100,'asn':65000,'amazonSideAsn':64513,'amazonAddress':'169.254.100.1/"
		"30','customerAddress':'169.254.100.2/30',"
		"'virtualInterfaceState':'available','mtu':8500,'virtualGatewayId':'','"
		"directConnectGatewayId':'dxgw-1','bgpPeers':[]}]}" },
	{ "describe-direct-connect-gateways.json",
		"{'directConnectGateways':[{'directConnectGatewayId':'dxgw-1','"
		"directConnectGatewayName':'dxgw','amazonSideAsn':64513,'directConnectGatewayState'"
		":'available'}]}" },
	{ "describe-direct-connect-gateway-associations.json",
		"{'directConnectGatewayAssociations':[{'directConnectGatewayId':'dxgw-1','"
		"associationState':'associated','associationId':'dxassoc-1',"
		"'associatedGateway':{'id':'tgw-1','type':'transitGateway'},'"
		"allowedPrefixesToDirectConnectGateway':[{'cidr':'10.0.0.0/16'}]}]}" },
	{ "awstrace.json", "{'OnPremises':{'Networks':["
			   "{'Cidr':'192.168.0.0/"
			   "16','Name':'dc1','AdvertisedVia':[{'Id':'dxvif-1','AsPathLength':1},{'"
			   "Id':'vpn-1','AsPathLength':1}]},"
			   "{'Cidr':'172.16.0.0/"
			   "16','Name':'dc2','AdvertisedVia':[{'Id':'vpn-1','AsPathLength':3},{'Id'"
			   ":'vpn-2','AsPathLength':1}]},"
			   "{'Cidr':'172.20.0.0/"
			   "16','Name':'dc3','AdvertisedVia':[{'Id':'vpn-b','AsPathLength':1},{'Id'"
			   ":'vpn-s'}]}]}}" },
};

struct fx {
	char *dir;
	struct model *m;
	struct model_engine *e;
	struct model_path path;
};

/* Writes the lab into a new temporary directory, applying text substitutions (pairs of
 * old, new in every file, ending with NULL), and loads and compiles it. */
static struct fx *
fx_new_subst(const char *const *subst)
{
	struct fx *f = g_new0(struct fx, 1);
	GError *err = NULL;
	f->dir = g_dir_make_tmp("fwdlab.XXXXXX", &err);
	assert_non_null(f->dir);
	for (size_t i = 0; i < G_N_ELEMENTS(lab); i++) {
		char *json = g_strdup(lab[i].json);
		for (char *p = json; *p; p++)
			if (*p == '\'')
				*p = '"';
		for (const char *const *sub = subst; sub && sub[0]; sub += 2) {
			char **parts = g_strsplit(json, sub[0], -1);
			g_free(json);
			json = g_strjoinv(sub[1], parts);
			g_strfreev(parts);
		}
		char *path = g_build_filename(f->dir, lab[i].name, NULL);
		char *d = g_path_get_dirname(path);
		g_mkdir_with_parents(d, 0700);
		assert_true(g_file_set_contents(path, json, -1, &err));
		g_free(d);
		g_free(path);
		g_free(json);
	}
	f->m = model_load(f->dir, &err);
	if (!f->m)
		fail_msg("lab topology: %s", err->message);
	f->e = model_engine_new(f->m, &err);
	assert_non_null(f->e);
	return f;
}

/* The lab with one substitution (old → new) when old is not NULL. */
static struct fx *
fx_new(const char *old, const char *new)
{
	const char *subst[] = { old, new, NULL };
	return fx_new_subst(subst);
}

static void
rm_rf(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, n, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			rm_rf(p);
		else
			g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}

static void
fx_free(struct fx *f)
{
	model_engine_free(f->e);
	model_free(f->m);
	rm_rf(f->dir);
	g_free(f->dir);
	g_free(f);
}

static int
setup(void **state)
{
	*state = fx_new(NULL, NULL);
	return 0;
}

static int
teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* Walks src → dst (tcp dport unless proto says otherwise) and returns the path. */
static const struct model_path *
walk(struct fx *f, const char *src, const char *dst, int proto, int dport, const char *from,
	uint32_t flags)
{
	struct model_packet k;
	memset(&k, 0, sizeof(k));
	assert_true(model_addr_parse(src, &k.src));
	assert_true(model_addr_parse(dst, &k.dst));
	k.proto = (uint8_t)proto;
	k.sport = 40000;
	k.dport = (uint16_t)dport;
	k.flags = flags;
	if (from) {
		k.from = model_find_id(f->m, from);
		assert_non_null(k.from);
	}
	model_forward(f->e, &k, &f->path);
	return &f->path;
}

static void
expect_delivered(const struct model_path *p, const char *to)
{
	if (p->verdict != MODEL_VERDICT_DELIVERED || strcmp(p->end_id, to) != 0) {
		GString *s = g_string_new(NULL);
		model_path_text(p, s);
		fail_msg("expected delivery to %s, got:\n%s", to, s->str);
	}
}

static void
expect_dropped(const struct model_path *p, const char *at, enum model_reason r)
{
	if (p->verdict != MODEL_VERDICT_DROPPED || p->reason != r || strcmp(p->end_id, at) != 0) {
		GString *s = g_string_new(NULL);
		model_path_text(p, s);
		fail_msg("expected drop at %s (%s), got:\n%s", at, model_reason_name(r), s->str);
	}
}

/* index of the first hop with this id, or -1 */
static int
hop_index(const struct model_path *p, const char *id)
{
	for (unsigned i = 0; i < p->n_hops; i++)
		if (!strcmp(p->hops[i].id, id))
			return (int)i;
	return -1;
}

static void
expect_why(const struct model_path *p, const char *id, const char *needle)
{
	int i = hop_index(p, id);
	if (i < 0)
		fail_msg("no hop %s", id);
	if (!strstr(model_hop_why(p, (unsigned)i), needle))
		fail_msg("hop %s: \"%s\" lacks \"%s\"", id, model_hop_why(p, (unsigned)i), needle);
}

static void
test_peering_not_transitive(void **state)
{
	struct fx *f = *state;
	expect_delivered(walk(f, "10.1.1.10", "10.0.1.10", 6, 443, NULL, 0), "eni-a1");
	/* b → c through a: a routes 10.2/16 to pcx-ac, but peering does not carry transit */
	expect_dropped(walk(f, "10.1.1.10", "10.2.1.10", 6, 443, NULL, 0), "pcx-ac",
		MODEL_R_PEERING_NOT_TRANSITIVE);
}

static void
test_peering_edge_to_edge(void **state)
{
	struct fx *f = *state;
	expect_delivered(walk(f, "10.0.1.20", "8.8.4.4", 6, 443, NULL, 0), "internet");
	/* b's default route points at a, whose default is its IGW: not for a peer */
	expect_dropped(walk(f, "10.1.1.10", "8.8.4.4", 6, 443, NULL, 0), "igw-a",
		MODEL_R_PEERING_EDGE_TO_EDGE);
}

static void
test_static_beats_propagated(void **state)
{
	struct fx *f = *state;
	const struct model_path *p = walk(f, "10.2.1.10", "172.21.1.1", 6, 443, NULL, 0);
	expect_why(p, "rtb-c", "172.21.0.0/16 static beats 172.21.0.0/16 propagated");
	assert_int_equal(hop_index(p, "pcx-ac"), hop_index(p, "rtb-c") + 2);
	assert_int_equal(hop_index(p, "vgw-c"), -1);
	/* only propagated: the VGW carries it */
	p = walk(f, "10.2.1.10", "172.20.1.1", 6, 443, NULL, 0);
	assert_true(hop_index(p, "vgw-c") > 0);
	assert_int_equal(hop_index(p, "pcx-ac"), -1);
}

static void
test_vgw_static_beats_bgp(void **state)
{
	struct fx *f = *state;
	const struct model_path *p = walk(f, "10.2.1.10", "172.20.1.1", 6, 443, NULL, 0);
	expect_delivered(p, "dc3");
	expect_why(p, "vgw-c", "VPN static beats 172.20.0.0/16 VPN BGP");
	assert_true(hop_index(p, "vpn-s") > 0);
	assert_int_equal(hop_index(p, "vpn-b"), -1);
}

static void
test_nacl_first_match(void **state)
{
	struct fx *f = *state;
	/* rule 100 allow comes before rule 200 deny */
	const struct model_path *p = walk(f, "10.1.1.10", "10.0.1.10", 6, 443, NULL, 0);
	expect_delivered(p, "eni-a1");
	expect_why(p, "acl-a", "inbound rule 100 allow tcp 443");
	/* rule 90 deny comes before the SG that would allow 8443 */
	p = walk(f, "10.1.1.10", "10.0.1.10", 6, 8443, NULL, 0);
	expect_dropped(p, "acl-a", MODEL_R_NACL_DENY);
	expect_why(p, "acl-a", "rule 90 deny");
	p = walk(f, "10.1.1.10", "10.0.1.10", 6, 22, NULL, 0);
	expect_dropped(p, "acl-a", MODEL_R_NACL_DENY);
	expect_why(p, "acl-a", "rule 200 deny");
}

static void
test_sg_return_traffic(void **state)
{
	struct fx *f = *state;
	expect_dropped(
		walk(f, "10.2.1.10", "10.0.1.10", 6, 5000, NULL, 0), "sg-a", MODEL_R_SG_DENY);
	const struct model_path *p =
		walk(f, "10.2.1.10", "10.0.1.10", 6, 5000, NULL, MODEL_PKT_REPLY);
	expect_delivered(p, "eni-a1");
	expect_why(p, "eni-a1", "stateful");
}

static void
test_longest_prefix(void **state)
{
	struct fx *f = *state;
	const struct model_path *p = walk(f, "10.0.1.10", "192.168.10.5", 6, 443, NULL, 0);
	expect_why(p, "rtb-a1", "192.168.10.0/24 is longer than 192.168.0.0/16");
	assert_true(hop_index(p, "pcx-ab") > 0);
	p = walk(f, "10.0.1.10", "192.168.20.5", 6, 443, NULL, 0);
	expect_why(p, "rtb-a1", "192.168.0.0/16 -> tgw-1");
	assert_int_equal(hop_index(p, "pcx-ab"), -1);
}

static void
test_local_only_overridden_by_static(void **state)
{
	struct fx *f = *state;
	const struct model_obj *rtb = model_find_id(f->m, "rtb-c");
	const struct model_obj *vgw = model_find_id(f->m, "vgw-c");
	struct model_prefix p24;
	assert_true(model_prefix_parse("10.2.5.0/24", &p24));
	assert_int_equal(model_rtb_version(f->e, rtb), 0);
	assert_true(model_rtb_route_add(f->e, rtb, &p24, vgw, 1, 0));
	assert_int_equal(model_rtb_version(f->e, rtb), 1);
	/* a propagated route inside the VPC CIDR does not override local */
	const struct model_path *p = walk(f, "10.2.1.10", "10.2.5.9", 6, 443, NULL, 0);
	expect_why(p, "rtb-c", "10.2.0.0/16 -> local");
	expect_why(p, "rtb-c", "cannot override the local route");
	assert_int_equal(hop_index(p, "vgw-c"), -1);
	/* a more specific static route does: through the middlebox eni-c2 */
	p = walk(f, "10.2.1.10", "10.2.6.10", 6, 443, NULL, 0);
	expect_delivered(p, "eni-c3");
	expect_why(p, "rtb-c", "10.2.6.0/24 -> eni-c2");
	assert_true(hop_index(p, "eni-c2") > 0);
	assert_true(model_rtb_route_withdraw(f->e, rtb, &p24, vgw));
	assert_false(model_rtb_route_withdraw(f->e, rtb, &p24, vgw));
	assert_int_equal(model_rtb_version(f->e, rtb), 2);
}

static void
test_tgw_origin_dx_beats_vpn(void **state)
{
	struct fx *f = *state;
	const struct model_path *p = walk(f, "10.0.1.10", "192.168.20.5", 6, 443, NULL, 0);
	expect_delivered(p, "dc1");
	expect_why(p, "tgw-rtb-1", "propagated from Direct Connect beats propagated from VPN");
	expect_why(p, "tgw-rtb-1", model_tgw_order_source);
	assert_true(hop_index(p, "dxvif-1") > 0);
	/* withdrawn over BGP: the VPN carries it */
	const struct model_obj *t = model_find_id(f->m, "tgw-rtb-1");
	const struct model_obj *dx = model_find_id(f->m, "tgw-attach-dx");
	struct model_prefix pfx;
	assert_true(model_prefix_parse("192.168.0.0/16", &pfx));
	assert_true(model_rtb_route_withdraw(f->e, t, &pfx, dx));
	p = walk(f, "10.0.1.10", "192.168.20.5", 6, 443, NULL, 0);
	expect_delivered(p, "dc1");
	assert_int_equal(hop_index(p, "dxvif-1"), -1);
	assert_true(hop_index(p, "vpn-1") > 0);
	assert_true(model_rtb_route_add(f->e, t, &pfx, dx, 1, 0));
	p = walk(f, "10.0.1.10", "192.168.20.5", 6, 443, NULL, 0);
	assert_true(hop_index(p, "dxvif-1") > 0);
	assert_int_equal(model_rtb_version(f->e, t), 2);
}

static void
test_tgw_shorter_as_path(void **state)
{
	struct fx *f = *state;
	const struct model_path *p = walk(f, "10.0.1.10", "172.16.1.1", 6, 443, NULL, 0);
	expect_delivered(p, "dc2");
	expect_why(p, "tgw-rtb-1", "AS_PATH 1 beats AS_PATH 3");
	assert_true(hop_index(p, "vpn-2") > 0);
	assert_int_equal(hop_index(p, "vpn-1"), -1);
	/* vpn-2's tunnel 1 is down: tunnel 2 carries it */
	expect_why(p, "vpn-2", "tunnel 2");
	/* a longer AS_PATH learned later moves it to vpn-1 */
	struct model_prefix pfx;
	assert_true(model_prefix_parse("172.16.0.0/16", &pfx));
	assert_true(model_rtb_route_add(f->e, model_find_id(f->m, "tgw-rtb-1"), &pfx,
		model_find_id(f->m, "tgw-attach-v2"), 5, 0));
	p = walk(f, "10.0.1.10", "172.16.1.1", 6, 443, NULL, 0);
	assert_true(hop_index(p, "vpn-1") > 0);
	assert_int_equal(hop_index(p, "vpn-2"), -1);
}

static void
test_tgw_vpn_ecmp(void **state)
{
	(void)state;
	/* equal AS_PATHs and VpnEcmpSupport enable: flows spread over both VPN attachments */
	struct fx *f = fx_new("\"AsPathLength\":3", "\"AsPathLength\":1");
	const struct model_path *p = walk(f, "10.0.1.10", "172.16.1.1", 6, 443, NULL, 0);
	expect_why(p, "tgw-rtb-1", "equal to");
	fx_free(f);
	struct fx *g = fx_new("\"AsPathLength\":3", "\"AsPathLength\":1");
	model_engine_free(g->e);
	model_free(g->m);
	/* second substitution on the files already written: ECMP on */
	char *tgw = g_build_filename(g->dir, "describe-transit-gateways.json", NULL);
	char *json = NULL;
	assert_true(g_file_get_contents(tgw, &json, NULL, NULL));
	char **parts = g_strsplit(json, "\"VpnEcmpSupport\":\"disable\"", -1);
	char *on = g_strjoinv("\"VpnEcmpSupport\":\"enable\"", parts);
	assert_true(g_file_set_contents(tgw, on, -1, NULL));
	g_strfreev(parts);
	g_free(on);
	g_free(json);
	g_free(tgw);
	g->m = model_load(g->dir, NULL);
	assert_non_null(g->m);
	g->e = model_engine_new(g->m, NULL);
	assert_non_null(g->e);
	unsigned via1 = 0, via2 = 0;
	char dst[32];
	for (unsigned i = 1; i <= 64; i++) {
		snprintf(dst, sizeof(dst), "172.16.%u.%u", i, i * 3);
		p = walk(g, "10.0.1.10", dst, 6, 443, NULL, 0);
		expect_delivered(p, "dc2");
		expect_why(p, "tgw-rtb-1", "ECMP over 2 attachments");
		via1 += hop_index(p, "vpn-1") > 0;
		via2 += hop_index(p, "vpn-2") > 0;
	}
	assert_int_equal(via1 + via2, 64);
	assert_true(via1 > 0 && via2 > 0);
	fx_free(g);
}

static void
test_blackhole(void **state)
{
	struct fx *f = *state;
	expect_dropped(
		walk(f, "10.0.1.10", "10.9.1.1", 6, 443, NULL, 0), "tgw-rtb-1", MODEL_R_BLACKHOLE);
	expect_delivered(walk(f, "10.0.1.10", "192.168.20.5", 6, 443, NULL, 0), "dc1");
}

static void
test_nat_unsolicited(void **state)
{
	struct fx *f = *state;
	expect_dropped(walk(f, "203.0.113.9", "198.51.100.50", 6, 443, "igw-a", 0), "nat-a",
		MODEL_R_NAT_UNSOLICITED);
	expect_delivered(
		walk(f, "203.0.113.9", "198.51.100.50", 6, 40000, "igw-a", MODEL_PKT_REPLY),
		"nat-a");
}

static void
test_eigw_inbound(void **state)
{
	struct fx *f = *state;
	expect_delivered(walk(f, "2600:1f18:1:1::10", "2001:db8::1", 6, 443, NULL, 0), "internet");
	expect_dropped(walk(f, "2001:db8::1", "2600:1f18:1:1::10", 6, 443, "eigw-a", 0), "eigw-a",
		MODEL_R_EIGW_UNSOLICITED);
	expect_delivered(
		walk(f, "2001:db8::1", "2600:1f18:1:1::10", 6, 40000, "eigw-a", MODEL_PKT_REPLY),
		"eni-a1");
}

static void
test_no_public_ip(void **state)
{
	struct fx *f = *state;
	expect_dropped(
		walk(f, "10.0.1.10", "8.8.4.4", 6, 443, NULL, 0), "igw-a", MODEL_R_NO_PUBLIC_IP);
	const struct model_path *p = walk(f, "10.0.1.20", "8.8.4.4", 6, 443, NULL, 0);
	expect_delivered(p, "internet");
	expect_why(p, "igw-a", "10.0.1.20 -> 198.51.100.1");
	expect_dropped(walk(f, "203.0.113.9", "10.0.1.10", 6, 443, "igw-a", 0), "igw-a",
		MODEL_R_NO_PUBLIC_IP);
}

static void
test_gwlb_ingress_edge_route(void **state)
{
	struct fx *f = *state;
	const struct model_path *p = walk(f, "203.0.113.9", "198.51.100.1", 6, 443, "igw-a", 0);
	expect_delivered(p, "eni-a2");
	int r = hop_index(p, "rtb-aedge");
	int g = hop_index(p, "vpce-0aaaaaaaaaaaaaaa1");
	assert_true(r > 0 && g > r);
	assert_int_equal(p->hops[g].action, MODEL_ACT_ENCAP);
	expect_why(p, "vpce-0aaaaaaaaaaaaaaa1", "GENEVE UDP 6081");
	/* without the edge association the IGW delivers straight to the instance */
	struct fx *plain = fx_new("\"RouteTableId\":\"rtb-aedge\",\"GatewayId\":\"igw-a\"}",
		"\"RouteTableId\":\"rtb-aedge\"}");
	p = walk(plain, "203.0.113.9", "198.51.100.1", 6, 443, "igw-a", 0);
	expect_delivered(p, "eni-a2");
	assert_int_equal(hop_index(p, "vpce-0aaaaaaaaaaaaaaa1"), -1);
	assert_int_equal(hop_index(p, "rtb-aedge"), -1);
	fx_free(plain);
}

static void
test_tgw_vpc_loop_ttl(void **state)
{
	struct fx *f = *state;
	const struct model_path *p = walk(f, "10.0.1.10", "8.8.8.8", 6, 443, NULL, 0);
	expect_dropped(p, "tgw-rtb-1", MODEL_R_TTL_EXCEEDED);
	assert_true(p->n_hops < MODEL_PATH_MAX_HOPS);
	expect_delivered(walk(f, "10.0.1.10", "192.168.20.5", 6, 443, NULL, 0), "dc1");
}

static void
test_sources_and_reserved(void **state)
{
	struct fx *f = *state;
	expect_dropped(walk(f, "10.7.7.7", "10.0.1.10", 6, 443, NULL, 0), "10.7.7.7",
		MODEL_R_UNKNOWN_SOURCE);
	expect_dropped(walk(f, "10.0.1.10", "10.0.1.255", 6, 443, NULL, 0), "subnet-a1",
		MODEL_R_RESERVED_ADDRESS);
	expect_delivered(walk(f, "10.0.1.10", "10.0.0.2", 17, 53, NULL, 0), "route53-resolver");
	expect_delivered(
		walk(f, "10.0.1.10", "169.254.169.253", 17, 53, NULL, 0), "route53-resolver");
	/* on-premises without --from enters over Direct Connect before VPN */
	const struct model_path *p = walk(f, "192.168.1.1", "10.0.1.10", 6, 443, NULL, 0);
	expect_delivered(p, "eni-a1");
	assert_true(hop_index(p, "dxvif-1") > 0);
	p = walk(f, "192.168.1.1", "10.0.1.10", 6, 443, "vpn-1", 0);
	expect_delivered(p, "eni-a1");
	assert_int_equal(p->hops[0].action, MODEL_ACT_DECAP);
}

static void
test_json_shape(void **state)
{
	struct fx *f = *state;
	GString *s = g_string_new(NULL);
	model_path_json(walk(f, "10.1.1.10", "10.0.1.10", 6, 22, NULL, 0), s);
	assert_non_null(strstr(s->str, "{\"verdict\":\"dropped\",\"dropped_at\":\"acl-a\","
				       "\"reason\":\"nacl_deny\",\"hops\":[{\"id\":"));
	g_string_truncate(s, 0);
	model_path_json(walk(f, "10.1.1.10", "10.0.1.10", 6, 443, NULL, 0), s);
	assert_true(g_str_has_prefix(s->str, "{\"verdict\":\"delivered\",\"delivered_to\":\"eni-"
					     "a1\",\"hops\":[{\"id\":\"eni-b1\","
					     "\"kind\":\"eni\",\"action\":\"egress\",\"why\":"));
	g_string_free(s, TRUE);
}

/* TGW guide, "How network ACLs work with transit gateways": with the instances and the
 * attachment in different subnets, the attachment subnet's inbound rules see traffic to
 * the transit gateway and its outbound rules traffic from it, never the other way round;
 * with both in one subnet, its ACL sees traffic to the transit gateway both ways and
 * traffic from it not at all. acl-adef is the attachment subnet's ACL in the lab. */
#define ADEF_IN "\"subnet-agwlbe\",\"NetworkAclId\":\"acl-adef\"}],\"Entries\":[" \
	"{\"RuleNumber\":100,\"Protocol\":\"-1\",\"RuleAction\":\"allow\""
#define ADEF_IN_DENY "\"subnet-agwlbe\",\"NetworkAclId\":\"acl-adef\"}],\"Entries\":[" \
	"{\"RuleNumber\":100,\"Protocol\":\"-1\",\"RuleAction\":\"deny\""
#define ADEF_OUT "\"RuleAction\":\"allow\",\"Egress\":true,\"CidrBlock\":\"0.0.0.0/0\"}]}," \
	"{\"NetworkAclId\":\"acl-b\""
#define ADEF_OUT_DENY "\"RuleAction\":\"deny\",\"Egress\":true,\"CidrBlock\":\"0.0.0.0/0\"}]}," \
	"{\"NetworkAclId\":\"acl-b\""

static void
test_tgw_attachment_subnet_nacl(void **state)
{
	(void)state;
	const char *out_deny[] = { ADEF_OUT, ADEF_OUT_DENY, NULL };
	struct fx *f = fx_new_subst(out_deny);
	const struct model_path *p = walk(f, "10.0.1.10", "192.168.1.1", 6, 443, NULL, 0);
	assert_int_equal(p->verdict, MODEL_VERDICT_DELIVERED); /* not its outbound rules */
	expect_dropped(walk(f, "192.168.1.1", "10.0.1.10", 6, 443, "tgw-attach-v1", 0), "acl-adef",
		MODEL_R_NACL_DENY);
	fx_free(f);

	const char *in_deny[] = { ADEF_IN, ADEF_IN_DENY, NULL };
	f = fx_new_subst(in_deny);
	expect_dropped(walk(f, "10.0.1.10", "192.168.1.1", 6, 443, NULL, 0), "acl-adef",
		MODEL_R_NACL_DENY);
	p = walk(f, "192.168.1.1", "10.0.1.10", 6, 443, "tgw-attach-v1", 0);
	expect_delivered(p, "eni-a1"); /* not its inbound rules */
	fx_free(f);
}

static void
test_tgw_attachment_in_instance_subnet_nacl(void **state)
{
	(void)state;
	/* the attachment moves into subnet-a1, whose acl-a then denies all inbound IPv4 */
	const char *subst[] = {
		"'SubnetIds':['subnet-atgw']", "'SubnetIds':['subnet-a1']",
		"{\"RuleNumber\":300,\"Protocol\":\"-1\",\"RuleAction\":\"allow\"",
		"{\"RuleNumber\":300,\"Protocol\":\"-1\",\"RuleAction\":\"deny\"",
		NULL,
	};
	char quoted[64];
	g_strlcpy(quoted, subst[0], sizeof(quoted));
	g_strdelimit(quoted, "'", '"');
	char quoted_new[64];
	g_strlcpy(quoted_new, subst[1], sizeof(quoted_new));
	g_strdelimit(quoted_new, "'", '"');
	const char *s2[] = { quoted, quoted_new, subst[2], subst[3], NULL };
	struct fx *f = fx_new_subst(s2);
	/* to the transit gateway: acl-a's inbound rules see it, with the source address */
	expect_dropped(walk(f, "10.0.1.10", "192.168.1.1", 6, 443, NULL, 0), "acl-a",
		MODEL_R_NACL_DENY);
	/* from it: no rules at all, though inbound IPv4 is denied */
	expect_delivered(walk(f, "192.168.1.1", "10.0.1.10", 6, 443, "tgw-attach-v1", 0), "eni-a1");
	fx_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_peering_not_transitive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peering_edge_to_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_beats_propagated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vgw_static_beats_bgp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nacl_first_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sg_return_traffic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_longest_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_local_only_overridden_by_static, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tgw_origin_dx_beats_vpn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tgw_shorter_as_path, setup, teardown),
		cmocka_unit_test(test_tgw_vpn_ecmp),
		cmocka_unit_test_setup_teardown(test_blackhole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nat_unsolicited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eigw_inbound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_public_ip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gwlb_ingress_edge_route, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tgw_vpc_loop_ttl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources_and_reserved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_shape, setup, teardown),
		cmocka_unit_test(test_tgw_attachment_subnet_nacl),
		cmocka_unit_test(test_tgw_attachment_in_instance_subnet_nacl),
	};
	return cmocka_run_group_tests_name("forward", tests, NULL, NULL);
}
