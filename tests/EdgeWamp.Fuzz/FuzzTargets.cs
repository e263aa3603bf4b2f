using EdgeWamp.Fuzz.Targets;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Fuzz;

/// <summary>Every decoder and framer the router runs on peer input, as fuzz targets.</summary>
public static class FuzzTargets
{
    private static readonly WampSerializer[] Serializers = [WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor, WampSerializer.UbJson];

    /// <summary>The names of all targets, in run order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Serializers.Select(s => $"decoder-{Lower(s)}"),
        .. Serializers.Select(s => $"transcoder-{Lower(s)}"),
        "rawsocket-handshake",
        "rawsocket-stream",
        "serial-cobs-crc",
        "cobs-crc-codec",
        .. Serializers.Select(s => $"router-session-{Lower(s)}"),
    ];

    public static IFuzzTarget Create(string name, SeedCorpus corpus)
    {
        foreach (WampSerializer serializer in Serializers)
        {
            if (name == $"decoder-{Lower(serializer)}")
            {
                return new HeaderDecoderTarget(serializer, corpus);
            }

            if (name == $"transcoder-{Lower(serializer)}")
            {
                return new PayloadTranscoderTarget(serializer, corpus);
            }

            if (name == $"router-session-{Lower(serializer)}")
            {
                return new RouterSessionTarget(serializer, corpus);
            }
        }

        return name switch
        {
            "rawsocket-handshake" => new RawSocketHandshakeTarget(),
            "rawsocket-stream" => new SerialFramerTarget(SerialFraming.RawSocket, corpus),
            "serial-cobs-crc" => new SerialFramerTarget(SerialFraming.Cobs, corpus),
            "cobs-crc-codec" => new CobsCodecTarget(corpus),
            _ => throw new ArgumentException($"unknown fuzz target '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    private static string Lower(WampSerializer serializer) => serializer.ToString().ToLowerInvariant();
}
