using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>
/// The RawSocket handshake and frame header parsers (<see cref="RawSocketHandshake"/>, <see cref="RawSocketFrameHeader"/>):
/// every 4 octets parse to a status; what is accepted lies in the spec's ranges.
/// </summary>
public sealed class RawSocketHandshakeTarget : IFuzzTarget
{
    public RawSocketHandshakeTarget()
    {
        var seeds = new List<byte[]>();
        for (int exponent = 0; exponent < 16; exponent++)
        {
            foreach (WampSerializer serializer in new[] { WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor, WampSerializer.UbJson })
            {
                byte[] handshake = new byte[RawSocketHandshake.Length];
                RawSocketHandshake.WriteRequest(handshake, 1 << (RawSocketHandshake.MinLengthExponent + exponent), serializer);
                seeds.Add(handshake);
            }
        }

        for (int type = 0; type < 3; type++)
        {
            byte[] header = new byte[RawSocketFrameHeader.Length];
            RawSocketFrameHeader.Write(header, (RawSocketFrameType)type, type * 1000);
            seeds.Add(header);
        }

        Seeds = seeds;
    }

    public string Name => "rawsocket-handshake";

    public IReadOnlyList<byte[]> Seeds { get; }

    public void Run(ReadOnlySpan<byte> input)
    {
        for (int start = 0; start + RawSocketHandshake.Length <= input.Length || start == 0; start += RawSocketHandshake.Length)
        {
            ReadOnlySpan<byte> octets = input[start..];
            if (RawSocketHandshake.TryParse(octets, out _, out int max) == HandshakeStatus.Ok
                && (max < 512 || max > RawSocketHandshake.MaxMessageLength))
            {
                FuzzInvariantException.Fail($"handshake length {max} outside 2^9..2^24");
            }

            if (RawSocketFrameHeader.TryParse(octets, out RawSocketFrameType type, out int length) == FrameHeaderStatus.Ok
                && (!Enum.IsDefined(type) || length < 0 || length > RawSocketFrameHeader.MaxPayloadLength))
            {
                FuzzInvariantException.Fail($"frame header type {type} length {length} accepted");
            }

            if (octets.Length < RawSocketHandshake.Length)
            {
                break;
            }
        }
    }
}
