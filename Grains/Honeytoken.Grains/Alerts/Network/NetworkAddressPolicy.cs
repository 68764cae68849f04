using System.Net;
using System.Net.Sockets;

namespace Honeytoken.Grains.Alerts.Network;

/// <summary>
/// Decides which IP addresses an alert destination may reach, so that an admin-configured
/// URL cannot make the silo call its own cluster, its database or the cloud metadata service.
/// </summary>
/// <remarks>
/// Always rejected: cloud metadata addresses, the whole link-local ranges that the metadata
/// services live in (169.254.0.0/16, fe80::/10), unspecified, broadcast, multicast and
/// reserved addresses. Rejected unless the destination allows the private network:
/// loopback, RFC 1918 private ranges, CGNAT (100.64.0.0/10) and unique-local IPv6
/// (fc00::/7). IPv4 addresses embedded in IPv4-mapped, NAT64 (64:ff9b::/96) and 6to4
/// (2002::/16) IPv6 addresses are checked as IPv4.
/// </remarks>
public static class NetworkAddressPolicy
{
    // AWS, GCP and Azure instance metadata and the AWS ECS task metadata and DNS endpoints
    // sit in 169.254.0.0/16, which is rejected as a whole; the others are listed one by one.
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"),
        IPAddress.Parse("169.254.170.2"),
        IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("fd00:ec2::23"),
    ];

    /// <summary>
    /// Returns why <paramref name="address"/> is not allowed, or null when it is.
    /// </summary>
    public static string? Check(IPAddress address, bool allowPrivateNetwork)
    {
        ArgumentNullException.ThrowIfNull(address);

        var embedded = EmbeddedIPv4(address);
        if (embedded is not null)
        {
            address = embedded;
        }

        if (Array.Exists(MetadataAddresses, metadata => metadata.Equals(address)))
        {
            return $"{address} is a cloud metadata address";
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => CheckIPv4(address, allowPrivateNetwork),
            AddressFamily.InterNetworkV6 => CheckIPv6(address, allowPrivateNetwork),
            _ => $"{address} is not an IP address",
        };
    }

    private static string? CheckIPv4(IPAddress address, bool allowPrivateNetwork)
    {
        var bytes = address.GetAddressBytes();
        var (a, b) = (bytes[0], bytes[1]);

        if (a == 169 && b == 254)
        {
            return $"{address} is link-local, where cloud metadata services live";
        }

        if (a == 0 || a >= 224)
        {
            return $"{address} is unspecified, multicast, broadcast or reserved";
        }

        var isPrivate =
            a == 127
            || a == 10
            || (a == 172 && b >= 16 && b <= 31)
            || (a == 192 && b == 168)
            || (a == 100 && b >= 64 && b <= 127);
        if (isPrivate && !allowPrivateNetwork)
        {
            return $"{address} is a loopback, private or CGNAT address; set allow_private_network to reach it";
        }

        return null;
    }

    private static string? CheckIPv6(IPAddress address, bool allowPrivateNetwork)
    {
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast)
        {
            return $"{address} is unspecified or multicast";
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return $"{address} is link-local, where cloud metadata services live";
        }

        var isPrivate = IPAddress.IPv6Loopback.Equals(address) || address.IsIPv6UniqueLocal;
        if (isPrivate && !allowPrivateNetwork)
        {
            return $"{address} is a loopback or unique-local address; set allow_private_network to reach it";
        }

        return null;
    }

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();

        // NAT64 well-known prefix 64:ff9b::/96 carries the IPv4 address in the last 4 bytes.
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        // 6to4 2002::/16 carries it in bytes 2 to 5.
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        return null;
    }
}
