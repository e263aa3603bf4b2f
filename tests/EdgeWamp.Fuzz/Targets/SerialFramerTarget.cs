using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Fuzz.Targets;

/// <summary>
/// A byte-stream framer (<see cref="RawSocketStreamReader"/> for RawSocket streams, <see cref="CobsPacketReader"/> for
/// COBS packets with CRC-16), fed the input in chunks whose sizes come from the input itself: each call consumes input
/// or ends, and no frame longer than the limit comes out.
/// </summary>
public sealed class SerialFramerTarget : IFuzzTarget
{
    // Small, so that length limits are hit often.
    private const int MaxMessageLength = 1024;

    private readonly SerialFraming _framing;

    public SerialFramerTarget(SerialFraming framing, SeedCorpus corpus)
    {
        _framing = framing;
        Name = framing == SerialFraming.Cobs ? "serial-cobs-crc" : "rawsocket-stream";
        var seeds = new List<byte[]>();
        foreach (WampSerializer serializer in new[] { WampSerializer.Json, WampSerializer.MsgPack, WampSerializer.Cbor, WampSerializer.UbJson })
        {
            // A session: the handshake, then a few of the serializer's vectors as frames, and a PING.
            var stream = new List<byte>();
            byte[] handshake = new byte[RawSocketHandshake.Length];
            RawSocketHandshake.WriteRequest(handshake, MaxMessageLength, serializer);
            Append(stream, handshake, []);
            foreach (byte[] message in corpus.MessagesOf(serializer).Take(12))
            {
                byte[] header = new byte[RawSocketFrameHeader.Length];
                RawSocketFrameHeader.Write(header, RawSocketFrameType.Regular, message.Length);
                Append(stream, header, message);
                if (stream.Count > InputMutator.MaxLength / 2)
                {
                    break;
                }
            }

            byte[] ping = new byte[RawSocketFrameHeader.Length];
            RawSocketFrameHeader.Write(ping, RawSocketFrameType.Ping, 3);
            Append(stream, ping, [1, 2, 3]);
            seeds.Add([.. stream]);
        }

        Seeds = seeds;
    }

    public string Name { get; }

    public IReadOnlyList<byte[]> Seeds { get; }

    public void Run(ReadOnlySpan<byte> input)
    {
        ISerialFrameReader reader = _framing == SerialFraming.Cobs ? new CobsPacketReader(MaxMessageLength) : new RawSocketStreamReader(MaxMessageLength);
        int chunk = input.IsEmpty ? 1 : 1 + (input[^1] % 61);
        int calls = 0;
        while (!input.IsEmpty)
        {
            ReadOnlySpan<byte> piece = input[..Math.Min(chunk, input.Length)];
            input = input[piece.Length..];
            while (true)
            {
                if (++calls > 1_000_000)
                {
                    FuzzInvariantException.Fail("the framer makes no progress");
                }

                SerialFrameStatus status = reader.Read(ref piece, out RawSocketFrameType type, out ReadOnlySpan<byte> content);
                if (status == SerialFrameStatus.Frame && content.Length > MaxMessageLength)
                {
                    FuzzInvariantException.Fail($"a frame of {content.Length} bytes passed a limit of {MaxMessageLength}");
                }

                if (status == SerialFrameStatus.Frame && !Enum.IsDefined(type))
                {
                    FuzzInvariantException.Fail($"a frame of undefined type {type}");
                }

                if (status == SerialFrameStatus.Failed)
                {
                    reader.AwaitHandshake();
                }

                if (status == SerialFrameStatus.NeedMore)
                {
                    if (!piece.IsEmpty)
                    {
                        FuzzInvariantException.Fail("NeedMore with input left");
                    }

                    break;
                }
            }
        }
    }

    private void Append(List<byte> stream, ReadOnlySpan<byte> head, ReadOnlySpan<byte> payload)
    {
        byte[] framed = new byte[SerialFrameWriter.MaxLength(_framing, head.Length + payload.Length)];
        int written = SerialFrameWriter.Write(_framing, framed, head, payload);
        stream.AddRange(framed.AsSpan(0, written));
    }
}
