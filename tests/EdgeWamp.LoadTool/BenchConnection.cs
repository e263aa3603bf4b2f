using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;

namespace EdgeWamp.LoadTool;

/// <summary>The protocols the tool speaks: WAMP over RawSocket with CBOR, and MQTT 3.1.1 at QoS 0.</summary>
internal enum BenchProtocol
{
    Wamp,
    Mqtt,
}

/// <summary>One frame cut from the receive buffer: its kind and where its body lies (valid until the next read).</summary>
internal readonly record struct Frame(int Kind, int Start, int Length);

/// <summary>
/// One client connection of either protocol: opens the session, subscribes, registers, encodes frames, and cuts
/// received frames out of one reusable buffer. Hand-rolled and minimal, so the tool measures the broker, not a client
/// library; the same code paths serve both protocols so their numbers compare.
/// </summary>
internal sealed class BenchConnection : IDisposable
{
    /// <summary>WAMP RawSocket frame kinds (low 3 bits of the first header octet).</summary>
    public const int WampRegular = 0;
    public const int WampPing = 1;

    /// <summary>MQTT control packet types (high nibble of the fixed header).</summary>
    public const int MqttConnAck = 2;
    public const int MqttPublish = 3;
    public const int MqttSubAck = 9;

    private readonly Socket _socket;
    private readonly byte[] _scratch = new byte[WampHeaderDecoder.ScratchLength];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private ulong _nextRequest = 1;

    private BenchConnection(BenchProtocol protocol, Socket socket, int bufferSize)
    {
        Protocol = protocol;
        _socket = socket;
        _buffer = new byte[bufferSize];
    }

    public BenchProtocol Protocol { get; }

    public Socket Socket => _socket;

    /// <summary>Whether a whole frame is already buffered (the next read will not wait).</summary>
    public bool HasBufferedFrame => TryPeekFrameLength(out _);

    /// <summary>Connects and opens a session: RawSocket handshake + HELLO/WELCOME, or CONNECT/CONNACK.</summary>
    public static async Task<BenchConnection> OpenAsync(BenchProtocol protocol, EndPoint endPoint, string clientId, int bufferSize, CancellationToken cancel)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new BenchConnection(protocol, socket, bufferSize);
        try
        {
            await socket.ConnectAsync(endPoint, cancel).ConfigureAwait(false);
            if (protocol == BenchProtocol.Wamp)
            {
                await connection.OpenWampAsync(cancel).ConfigureAwait(false);
            }
            else
            {
                await connection.OpenMqttAsync(clientId, cancel).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Subscribes to <paramref name="topic"/> and waits for SUBSCRIBED / SUBACK.</summary>
    public async Task SubscribeAsync(string topic, CancellationToken cancel)
    {
        byte[] name = Encoding.UTF8.GetBytes(topic);
        if (Protocol == BenchProtocol.Wamp)
        {
            await SendAsync(WampFrame(new RequestMessage { Type = WampMessageType.Subscribe, RequestId = _nextRequest++, Uri = name }), cancel).ConfigureAwait(false);
            await ExpectWampAsync(WampMessageType.Subscribed, cancel).ConfigureAwait(false);
            return;
        }

        // SUBSCRIBE: fixed header 0x82, packet id, one topic filter, requested QoS 0.
        byte[] packet = new byte[2 + 2 + 2 + name.Length + 1];
        packet[0] = 0x82;
        packet[1] = (byte)(packet.Length - 2);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)name.Length);
        name.CopyTo(packet, 6);
        await SendAsync(packet, cancel).ConfigureAwait(false);
        Frame ack = await ReadFrameAsync(cancel).ConfigureAwait(false);
        if (ack.Kind != MqttSubAck || _buffer[ack.Start + 2] > 2)
        {
            throw new InvalidOperationException($"SUBSCRIBE {topic} refused");
        }
    }

    /// <summary>Registers <paramref name="procedure"/> (WAMP only) and waits for REGISTERED.</summary>
    public async Task RegisterAsync(string procedure, CancellationToken cancel)
    {
        await SendAsync(WampFrame(new RequestMessage { Type = WampMessageType.Register, RequestId = _nextRequest++, Uri = Encoding.UTF8.GetBytes(procedure) }), cancel).ConfigureAwait(false);
        await ExpectWampAsync(WampMessageType.Registered, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// A PUBLISH frame to <paramref name="topic"/> carrying <paramref name="payloadSize"/> opaque bytes (for WAMP, one
    /// binary argument). The payload's last 8 bytes end the frame, and end the EVENT / PUBLISH the subscribers receive,
    /// so a sender stamps them with <see cref="Stamp"/> and a receiver reads them back with <see cref="ReadStamp"/>.
    /// </summary>
    public byte[] PublishTemplate(string topic, int payloadSize)
    {
        byte[] name = Encoding.UTF8.GetBytes(topic);
        if (Protocol == BenchProtocol.Wamp)
        {
            // Arguments [h'...']: a CBOR byte string of payloadSize bytes.
            using var argument = new OutputBuffer();
            var writer = new CborWriter(argument);
            writer.WriteBytes(new byte[payloadSize]);
            return WampFrame(new RequestMessage
            {
                Type = WampMessageType.Publish,
                RequestId = 1,
                Uri = name,
                Payload = new EncodedPayload(WampSerializer.Cbor, argument.WrittenSpan, 1),
            });
        }

        int remaining = 2 + name.Length + payloadSize;
        Span<byte> length = stackalloc byte[4];
        int lengthBytes = WriteMqttLength(length, remaining);
        byte[] packet = new byte[1 + lengthBytes + remaining];
        packet[0] = 0x30;
        length[..lengthBytes].CopyTo(packet.AsSpan(1));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(1 + lengthBytes), (ushort)name.Length);
        name.CopyTo(packet, 3 + lengthBytes);
        return packet;
    }

    /// <summary>Writes the send time into a frame made by <see cref="PublishTemplate"/>.</summary>
    public static void Stamp(Span<byte> frame, long timestamp) => BinaryPrimitives.WriteInt64LittleEndian(frame[^8..], timestamp);

    /// <summary>The send time a publisher stamped into a received EVENT / PUBLISH.</summary>
    public long ReadStamp(Frame frame) => BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(frame.Start + frame.Length - 8, 8));

    /// <summary>Whether <paramref name="frame"/> is an application message: an EVENT, or an MQTT PUBLISH.</summary>
    public bool IsDelivery(Frame frame) =>
        Protocol == BenchProtocol.Mqtt ? frame.Kind == MqttPublish : frame.Kind == WampRegular && MessageType(frame) == WampMessageType.Event;

    public ReadOnlySpan<byte> Body(Frame frame) => _buffer.AsSpan(frame.Start, frame.Length);

    /// <summary>The WAMP message type of a regular frame, read from its first two CBOR items.</summary>
    public WampMessageType MessageType(Frame frame) => MessageTypeOf(Body(frame));

    /// <summary>The WAMP message type of a CBOR message: an array head, then the type as a small unsigned integer (0x00-0x17, or 0x18 nn).</summary>
    public static WampMessageType MessageTypeOf(ReadOnlySpan<byte> message) =>
        message.Length < 2 ? WampMessageType.None
        : message[1] == 0x18 && message.Length > 2 ? (WampMessageType)message[2]
        : message[1] < 0x18 ? (WampMessageType)message[1] : WampMessageType.None;

    /// <summary>The RawSocket handshake: 0x7F, max length 2^24 (0xF) and serializer CBOR (3), two reserved octets.</summary>
    public static byte[] RawSocketHandshake() => [0x7F, 0xF3, 0, 0];

    /// <summary>Throws unless the router accepted the handshake with CBOR.</summary>
    public static void CheckHandshakeReply(ReadOnlySpan<byte> reply)
    {
        if (reply[0] != 0x7F || (reply[1] & 0x0F) != 3)
        {
            throw new InvalidOperationException($"RawSocket handshake refused (0x{reply[1]:X2})");
        }
    }

    /// <summary>HELLO to realm1 announcing the four client roles, as a whole RawSocket frame.</summary>
    public static byte[] HelloFrame()
    {
        using var details = new OutputBuffer();
        var writer = new CborWriter(details);
        writer.WriteStartMap(1);
        writer.WritePropertyName("roles"u8);
        writer.WriteStartMap(4);
        foreach (string role in (string[])["publisher", "subscriber", "caller", "callee"])
        {
            writer.WritePropertyName(Encoding.UTF8.GetBytes(role));
            writer.WriteStartMap(0);
        }

        return WampFrame(new HelloMessage { Realm = "realm1"u8, Details = new EncodedMap(WampSerializer.Cbor, details.WrittenSpan) });
    }

    /// <summary>Decodes a regular WAMP frame's header (type, ids, payload).</summary>
    public DecodeStatus Decode(Frame frame, out MessageHeader header) => WampHeaderDecoder.TryDecode(WampSerializer.Cbor, Body(frame), _scratch, out header);

    /// <summary>A whole RawSocket frame (header and CBOR message) for <paramref name="message"/>.</summary>
    public static byte[] WampFrame<TMessage>(in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        using var output = new OutputBuffer();
        output.Write([0, 0, 0, 0]);
        WampEncoder.Encode(output, WampSerializer.Cbor, message);
        byte[] frame = output.WrittenSpan.ToArray();
        WriteWampHeader(frame, frame.Length - 4);
        return frame;
    }

    /// <summary>Encodes <paramref name="message"/> (through <paramref name="scratch"/>) as a RawSocket frame at the end of <paramref name="output"/>.</summary>
    public static void AppendWampFrame<TMessage>(OutputBuffer output, OutputBuffer scratch, in TMessage message)
        where TMessage : IWampMessage, allows ref struct
    {
        scratch.Clear();
        int length = WampEncoder.Encode(scratch, WampSerializer.Cbor, message);
        WriteWampHeader(output.GetSpan(4), length);
        output.Advance(4);
        output.Write(scratch.WrittenSpan);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancel)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await _socket.SendAsync(bytes, SocketFlags.None, cancel).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Sends all of <paramref name="bytes"/>, blocking (for a dedicated publishing thread).</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    /// <summary>Reads the next frame, answering a router's RawSocket PING on the way (a silent subscriber would be cut).</summary>
    public async ValueTask<Frame> ReadFrameAsync(CancellationToken cancel)
    {
        while (true)
        {
            if (TryCutFrame(out Frame frame))
            {
                if (Protocol == BenchProtocol.Wamp && frame.Kind == WampPing)
                {
                    byte[] pong = _buffer.AsSpan(frame.Start - 4, frame.Length + 4).ToArray();
                    pong[0] = 2;
                    Send(pong);
                    continue;
                }

                return frame;
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancel).ConfigureAwait(false);
            if (received == 0)
            {
                throw new EndOfStreamException("the broker closed the connection");
            }

            _end += received;
        }
    }

    /// <summary>Ends the session politely where the protocol has a word for it, then closes the socket.</summary>
    public void Close()
    {
        try
        {
            if (Protocol == BenchProtocol.Mqtt)
            {
                Send([0xE0, 0x00]);
            }

            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
    }

    public void Dispose() => _socket.Dispose();

    private async Task OpenWampAsync(CancellationToken cancel)
    {
        await SendAsync(RawSocketHandshake(), cancel).ConfigureAwait(false);
        byte[] reply = new byte[4];
        for (int read = 0; read < reply.Length;)
        {
            int received = await _socket.ReceiveAsync(reply.AsMemory(read), SocketFlags.None, cancel).ConfigureAwait(false);
            read += received > 0 ? received : throw new EndOfStreamException("the router closed the connection during the handshake");
        }

        CheckHandshakeReply(reply);
        await SendAsync(HelloFrame(), cancel).ConfigureAwait(false);
        await ExpectWampAsync(WampMessageType.Welcome, cancel).ConfigureAwait(false);
    }

    private async Task OpenMqttAsync(string clientId, CancellationToken cancel)
    {
        // CONNECT: protocol "MQTT" level 4, clean session, keep-alive 0 (off: runs are bounded), the client id.
        byte[] id = Encoding.UTF8.GetBytes(clientId);
        int remaining = 10 + 2 + id.Length;
        byte[] packet = new byte[2 + remaining];
        packet[0] = 0x10;
        packet[1] = (byte)remaining;
        "\0\u0004MQTT\u0004\u0002\0\0"u8.CopyTo(packet.AsSpan(2));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), (ushort)id.Length);
        id.CopyTo(packet, 14);
        await SendAsync(packet, cancel).ConfigureAwait(false);
        Frame ack = await ReadFrameAsync(cancel).ConfigureAwait(false);
        if (ack.Kind != MqttConnAck || ack.Length != 2 || _buffer[ack.Start + 1] != 0)
        {
            throw new InvalidOperationException("CONNECT refused");
        }
    }

    private async Task ExpectWampAsync(WampMessageType expected, CancellationToken cancel)
    {
        Frame frame = await ReadFrameAsync(cancel).ConfigureAwait(false);
        WampMessageType type = MessageType(frame);
        if (type != expected)
        {
            throw new InvalidOperationException($"expected {expected}, the router sent {type}");
        }
    }

    private bool TryCutFrame(out Frame frame)
    {
        if (!TryPeekFrameLength(out int headerLength) || headerLength < 0)
        {
            frame = default;
            return false;
        }

        ReadOnlySpan<byte> buffered = _buffer.AsSpan(_start, _end - _start);
        int bodyLength = BodyLength(buffered, headerLength);
        int kind = Protocol == BenchProtocol.Wamp ? buffered[0] & 0x07 : buffered[0] >> 4;
        frame = new Frame(kind, _start + headerLength, bodyLength);
        _start += headerLength + bodyLength;
        return true;
    }

    /// <summary>Whether a whole frame is buffered; <paramref name="headerLength"/> is its header's length.</summary>
    private bool TryPeekFrameLength(out int headerLength)
    {
        ReadOnlySpan<byte> buffered = _buffer.AsSpan(_start, _end - _start);
        headerLength = 0;
        if (Protocol == BenchProtocol.Wamp)
        {
            if (buffered.Length < 4)
            {
                return false;
            }

            headerLength = 4;
        }
        else
        {
            // MQTT: one type octet, then the remaining length in 1 to 4 octets of 7 bits each.
            int index = 1;
            while (true)
            {
                if (index >= buffered.Length)
                {
                    return false;
                }

                if ((buffered[index++] & 0x80) == 0)
                {
                    break;
                }
            }

            headerLength = index;
        }

        return buffered.Length >= headerLength + BodyLength(buffered, headerLength);
    }

    private int BodyLength(ReadOnlySpan<byte> buffered, int headerLength)
    {
        if (Protocol == BenchProtocol.Wamp)
        {
            return (buffered[1] << 16) | (buffered[2] << 8) | buffered[3];
        }

        int length = 0;
        for (int i = headerLength - 1; i >= 1; i--)
        {
            length = (length << 7) | (buffered[i] & 0x7F);
        }

        return length;
    }

    private static void WriteWampHeader(Span<byte> header, int length)
    {
        header[0] = 0;
        header[1] = (byte)(length >> 16);
        header[2] = (byte)(length >> 8);
        header[3] = (byte)length;
    }

    private static int WriteMqttLength(Span<byte> destination, int length)
    {
        int count = 0;
        do
        {
            byte digit = (byte)(length % 128);
            length /= 128;
            destination[count++] = length > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (length > 0);

        return count;
    }
}
