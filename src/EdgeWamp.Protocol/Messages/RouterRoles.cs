using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Protocol.Messages;

/// <summary>
/// The roles a router announces in WELCOME.Details.roles (WAMP spec, "WELCOME"): broker and dealer, each with
/// the advanced features it implements. Only features that actually work belong here.
/// </summary>
public sealed class RouterRoles
{
    public RouterRoles(IReadOnlyList<string> brokerFeatures, IReadOnlyList<string> dealerFeatures)
    {
        BrokerFeatures = ToUtf8(brokerFeatures);
        DealerFeatures = ToUtf8(dealerFeatures);
    }

    public static RouterRoles BasicProfile { get; } = new([], []);

    public IReadOnlyList<byte[]> BrokerFeatures { get; }

    public IReadOnlyList<byte[]> DealerFeatures { get; }

    internal void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartMap(2);
        writer.WritePropertyName("broker"u8);
        WriteRole(ref writer, BrokerFeatures);
        writer.WritePropertyName("dealer"u8);
        WriteRole(ref writer, DealerFeatures);
        writer.WriteEndMap();
    }

    private static void WriteRole<TWriter>(ref TWriter writer, IReadOnlyList<byte[]> features)
        where TWriter : struct, IWampWriter
    {
        writer.WriteStartMap(1);
        writer.WritePropertyName("features"u8);
        writer.WriteStartMap(features.Count);
        foreach (byte[] feature in features)
        {
            writer.WritePropertyName(feature);
            writer.WriteBoolean(true);
        }

        writer.WriteEndMap();
        writer.WriteEndMap();
    }

    private static byte[][] ToUtf8(IReadOnlyList<string> names)
    {
        var utf8 = new byte[names.Count][];
        for (int i = 0; i < names.Count; i++)
        {
            utf8[i] = System.Text.Encoding.UTF8.GetBytes(names[i]);
        }

        return utf8;
    }
}
