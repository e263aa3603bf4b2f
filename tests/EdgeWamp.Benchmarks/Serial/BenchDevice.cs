using System.Diagnostics;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;

namespace EdgeWamp.Benchmarks.Serial;

/// <summary>
/// A microcontroller speaking WAMP in CBOR over a <see cref="PacedPty"/>: joins, registers an echo procedure, answers
/// INVOCATIONs and PINGs, and publishes what it is told to, all from its own thread.
/// </summary>
internal sealed class BenchDevice : IDisposable
{
    public const string Topic = "sensors.bench.value";
    public const string Procedure = "com.bench.echo";

    private readonly PacedPty _line;
    private readonly SerialFraming _framing;
    private readonly ISerialFrameReader _reader;
    private readonly Lock _lock = new();
    private readonly byte[] _out = new byte[1 << 22];
    private readonly OutputBuffer _encoded = new(256);
    private int _outStart;
    private int _outEnd;
    private volatile bool _stop;
    private Thread? _thread;
    private ulong _request;

    public BenchDevice(PacedPty line, SerialFraming framing)
    {
        _line = line;
        _framing = framing;
        _reader = framing == SerialFraming.Cobs ? new CobsPacketReader(1 << 16) : new RawSocketStreamReader(1 << 16);
    }

    public bool HandshakeAnswered { get; private set; }

    public bool Welcomed { get; private set; }

    public bool Registered { get; private set; }

    /// <summary>Bytes one PUBLISH of <see cref="Topic"/> takes on the line, framing included.</summary>
    public int PublishWireLength { get; private set; }

    public int InvocationWireLength { get; private set; }

    public int YieldWireLength { get; private set; }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench device" };
        _thread.Start();
    }

    /// <summary>Handshake (repeated until answered), HELLO, REGISTER.</summary>
    public void Join()
    {
        Span<byte> handshake = stackalloc byte[4];
        RawSocketHandshake.WriteRequest(handshake, 1 << 16, WampSerializer.Cbor);
        var clock = Stopwatch.StartNew();
        while (!HandshakeAnswered)
        {
            Enqueue(handshake, default);
            SpinWait.SpinUntil(() => HandshakeAnswered, 300);
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("no handshake reply");
            }
        }

        var details = new OutputBuffer(64);
        var writer = new CborWriter(details);
        writer.WriteStartMap(1);
        writer.WritePropertyName("roles"u8);
        writer.WriteStartMap(2);
        writer.WritePropertyName("publisher"u8);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WritePropertyName("callee"u8);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndMap();
        SendMessage(new HelloMessage { Realm = "realm1"u8, Details = new EncodedMap(WampSerializer.Cbor, details.WrittenSpan) });
        Wait(() => Welcomed, "WELCOME");
        SendMessage(new RequestMessage { Type = WampMessageType.Register, RequestId = ++_request, Uri = "com.bench.echo"u8 });
        Wait(() => Registered, "REGISTERED");
    }

    /// <summary>Queues <paramref name="count"/> PUBLISHes; the line sends them as fast as its baud rate allows.</summary>
    public void Publish(int count)
    {
        Span<byte> payload = stackalloc byte[9];
        for (int i = 0; i < count; i++)
        {
            // Arguments [i] in CBOR: 0x81 (array of 1), then the integer.
            payload[0] = 0x81;
            payload[1] = 0x1A;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload[2..], (uint)i);
            PublishWireLength = SendMessage(new RequestMessage
            {
                Type = WampMessageType.Publish,
                RequestId = ++_request,
                Uri = "sensors.bench.value"u8,
                Payload = new EncodedPayload(WampSerializer.Cbor, payload[..6], 1),
            });
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread?.Join();
        _encoded.Dispose();
    }

    private static void Wait(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"no {what}");
        }
    }

    private int SendMessage<TMessage>(in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        lock (_lock)
        {
            _encoded.Clear();
            WampEncoder.Encode(_encoded, WampSerializer.Cbor, message);
            Span<byte> header = stackalloc byte[4];
            RawSocketFrameHeader.Write(header, RawSocketFrameType.Regular, _encoded.WrittenCount);
            return Enqueue(header, _encoded.WrittenSpan);
        }
    }

    private int Enqueue(ReadOnlySpan<byte> head, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            if (_outStart == _outEnd)
            {
                _outStart = _outEnd = 0;
            }

            int length = SerialFrameWriter.Write(_framing, _out.AsSpan(_outEnd), head, payload);
            _outEnd += length;
            return length;
        }
    }

    private void Run()
    {
        while (!_stop)
        {
            bool busy = false;
            bool pending;
            lock (_lock)
            {
                pending = _outEnd > _outStart;
                if (pending)
                {
                    int written = _line.WriteSome(_out.AsSpan(_outStart, _outEnd - _outStart));
                    _outStart += written;
                    busy = written > 0;
                }
            }

            ReadOnlySpan<byte> input = _line.ReadSome();
            busy |= !input.IsEmpty;
            while (!input.IsEmpty)
            {
                SerialFrameStatus status = _reader.Read(ref input, out RawSocketFrameType type, out ReadOnlySpan<byte> content);
                if (status == SerialFrameStatus.Handshake)
                {
                    HandshakeAnswered = true;
                }
                else if (status == SerialFrameStatus.Frame && type == RawSocketFrameType.Ping)
                {
                    Enqueue(PongHeader(content.Length), content);
                }
                else if (status == SerialFrameStatus.Frame && type == RawSocketFrameType.Regular)
                {
                    Handle(content);
                }
            }

            if (!busy)
            {
                _line.Idle(pending);
            }
        }
    }

    private static byte[] PongHeader(int length)
    {
        byte[] header = new byte[4];
        RawSocketFrameHeader.Write(header, RawSocketFrameType.Pong, length);
        return header;
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        Span<byte> scratch = stackalloc byte[WampHeaderDecoder.ScratchLength];
        if (WampHeaderDecoder.TryDecode(WampSerializer.Cbor, message, scratch, out MessageHeader header) != DecodeStatus.Ok)
        {
            return;
        }

        switch (header.Type)
        {
            case WampMessageType.Welcome:
                Welcomed = true;
                break;
            case WampMessageType.Registered:
                Registered = true;
                break;
            case WampMessageType.Invocation:
                InvocationWireLength = SerialFrameWriter.MaxLength(_framing, message.Length + 4);
                YieldWireLength = SendMessage(new RequestMessage { Type = WampMessageType.Yield, RequestId = header.FirstId, Payload = header.EncodedPayload });
                break;
        }
    }
}
