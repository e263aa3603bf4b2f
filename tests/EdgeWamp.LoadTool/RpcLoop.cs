using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;

namespace EdgeWamp.LoadTool;

/// <summary>
/// The rpc scenario's client side on one thread: the callers and the callee are plain blocking sockets watched by
/// one epoll set, each read only when epoll says it has bytes, so a call costs the tool one send and one receive per
/// caller, and the callee's YIELDs for every INVOCATION of one epoll round leave in one send. At 40,000 calls/s on a
/// 2-core machine the client shares the cores with the router; .NET's socket engine (a thread hand-off and an extra
/// empty receive per message) took most of a core for itself.
/// </summary>
internal sealed class RpcLoop : IDisposable
{
    private const int BufferSize = 256 * 1024;
    private const uint EpollIn = 0x001;
    private const int EpollCtlAdd = 1;
    private const int MsgNoSignal = 0x4000;

    // struct epoll_event: a 32-bit event mask, then 64 bits of user data; packed on x86-64 (12 bytes), naturally
    // aligned elsewhere (16 bytes). The data holds the descriptor.
    private static readonly bool PackedEvents = RuntimeInformation.ProcessArchitecture == Architecture.X64;
    private static readonly int EventSize = PackedEvents ? 12 : 16;
    private static readonly int EventDataOffset = PackedEvents ? 4 : 8;

    private readonly Peer _callee;
    private readonly Peer[] _callers;
    private readonly Dictionary<int, Peer> _byDescriptor = [];
    private readonly byte[] _uri;
    private readonly OutputBuffer _argument = new();
    private readonly OutputBuffer _scratch = new();
    private readonly byte[] _decodeScratch = new byte[WampHeaderDecoder.ScratchLength];
    private int _epoll = -1;

    private RpcLoop(Peer callee, Peer[] callers, string procedure, int payload)
    {
        _callee = callee;
        _callers = callers;
        _uri = Encoding.UTF8.GetBytes(procedure);
        new CborWriter(_argument).WriteBytes(new byte[payload]);
    }

    public long Calls { get; private set; }

    /// <summary>Opens the callee (registered for <paramref name="procedure"/>) and <paramref name="callers"/> callers, blocking.</summary>
    public static RpcLoop Open(EndPoint endPoint, string procedure, int callers, int payload)
    {
        Peer callee = Peer.Open(endPoint);
        callee.Request(BenchConnection.WampFrame(new RequestMessage { Type = WampMessageType.Register, RequestId = 1, Uri = Encoding.UTF8.GetBytes(procedure) }), WampMessageType.Registered);
        var peers = new Peer[callers];
        for (int i = 0; i < callers; i++)
        {
            peers[i] = Peer.Open(endPoint);
        }

        return new RpcLoop(callee, peers, procedure, payload);
    }

    /// <summary>Calls until <paramref name="deadline"/> (a Stopwatch timestamp), one call outstanding per caller.</summary>
    public void Run(long deadline, LatencySamples samples)
    {
        _epoll = EpollCreate1(0);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        }

        foreach (Peer peer in _callers.Append(_callee))
        {
            Watch(peer);
        }

        foreach (Peer caller in _callers)
        {
            Call(caller);
        }

        Span<byte> events = stackalloc byte[64 * EventSize];
        int outstanding = _callers.Length;
        while (outstanding > 0)
        {
            int ready = EpollWait(_epoll, ref MemoryMarshal.GetReference(events), 64, 1000);
            if (ready < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == 4)
                {
                    continue;
                }

                throw new InvalidOperationException($"epoll_wait failed: errno {error}");
            }

            if (ready == 0)
            {
                throw new TimeoutException($"no answer within 1 s with {outstanding} calls outstanding");
            }

            bool past = Stopwatch.GetTimestamp() >= deadline;
            for (int i = 0; i < ready; i++)
            {
                Peer peer = _byDescriptor[BinaryPrimitives.ReadInt32LittleEndian(events[(i * EventSize + EventDataOffset)..])];
                peer.ReceiveAvailable();
                if (peer == _callee)
                {
                    AnswerInvocations();
                    continue;
                }

                while (peer.TryCutFrame(out ReadOnlySpan<byte> message))
                {
                    WampMessageType type = BenchConnection.MessageTypeOf(message);
                    if (type == WampMessageType.Error)
                    {
                        throw new InvalidOperationException("the call failed with an ERROR");
                    }

                    if (type != WampMessageType.Result)
                    {
                        continue;
                    }

                    samples.Add(Stopwatch.GetTimestamp() - peer.SentAt);
                    Calls++;
                    if (past)
                    {
                        outstanding--;
                    }
                    else
                    {
                        Call(peer);
                    }
                }
            }

            // Every INVOCATION of this round answered: the YIELDs leave together.
            _callee.Flush();
        }
    }

    private void AnswerInvocations()
    {
        while (_callee.TryCutFrame(out ReadOnlySpan<byte> message))
        {
            if (WampHeaderDecoder.TryDecode(WampSerializer.Cbor, message, _decodeScratch, out MessageHeader invocation) != DecodeStatus.Ok
                || invocation.Type != WampMessageType.Invocation)
            {
                continue;
            }

            // [YIELD, INVOCATION.Request, {}, Arguments]: the arguments echoed.
            BenchConnection.AppendWampFrame(_callee.Output, _scratch, new RequestMessage { Type = WampMessageType.Yield, RequestId = invocation.FirstId, Payload = invocation.EncodedPayload });
        }
    }

    private void Call(Peer caller)
    {
        BenchConnection.AppendWampFrame(caller.Output, _scratch, new RequestMessage
        {
            Type = WampMessageType.Call,
            RequestId = ++caller.NextRequest,
            Uri = _uri,
            Payload = new EncodedPayload(WampSerializer.Cbor, _argument.WrittenSpan, 1),
        });
        caller.SentAt = Stopwatch.GetTimestamp();
        caller.Flush();
    }

    private void Watch(Peer peer)
    {
        int descriptor = (int)peer.Socket.Handle;
        _byDescriptor[descriptor] = peer;
        Span<byte> watch = stackalloc byte[EventSize];
        watch.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(watch, EpollIn);
        BinaryPrimitives.WriteInt32LittleEndian(watch[EventDataOffset..], descriptor);
        if (EpollCtl(_epoll, EpollCtlAdd, descriptor, ref MemoryMarshal.GetReference(watch)) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public void Dispose()
    {
        if (_epoll >= 0)
        {
            _ = Close(_epoll);
        }

        foreach (Peer peer in _callers.Append(_callee))
        {
            peer.Dispose();
        }

        _argument.Dispose();
        _scratch.Dispose();
    }

    /// <summary>One WAMP session over a blocking socket that .NET's socket engine never sees (only the descriptor is used).</summary>
    private sealed class Peer : IDisposable
    {
        private readonly byte[] _buffer = new byte[BufferSize];
        private int _start;
        private int _end;

        private Peer(Socket socket) => Socket = socket;

        public Socket Socket { get; }

        public OutputBuffer Output { get; } = new();

        public ulong NextRequest { get; set; } = 1;

        public long SentAt { get; set; }

        public static Peer Open(EndPoint endPoint)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(endPoint);
            var peer = new Peer(socket);

            peer.SendAll(BenchConnection.RawSocketHandshake());
            byte[] reply = new byte[4];
            peer.ReceiveExactly(reply);
            BenchConnection.CheckHandshakeReply(reply);
            peer.Request(BenchConnection.HelloFrame(), WampMessageType.Welcome);
            return peer;
        }

        /// <summary>Sends one frame and blocks until the router answers with <paramref name="expected"/>.</summary>
        public void Request(byte[] frame, WampMessageType expected)
        {
            SendAll(frame);
            ReadOnlySpan<byte> answer;
            while (!TryCutFrame(out answer))
            {
                ReceiveAvailable();
            }

            WampMessageType type = BenchConnection.MessageTypeOf(answer);
            if (type != expected)
            {
                throw new InvalidOperationException($"expected {expected}, the router sent {type}");
            }
        }

        /// <summary>One receive (epoll said there are bytes; during set-up it blocks until some arrive).</summary>
        public void ReceiveAvailable()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            nint received = Recv(Socket.Handle, ref _buffer[_end], _buffer.Length - _end, 0);
            if (received <= 0)
            {
                throw new EndOfStreamException(received == 0 ? "the router closed the connection" : $"recv failed: errno {Marshal.GetLastPInvokeError()}");
            }

            _end += (int)received;
        }

        /// <summary>The next whole regular frame's message; PINGs are skipped (a run is far shorter than the ping interval).</summary>
        public bool TryCutFrame(out ReadOnlySpan<byte> message)
        {
            while (true)
            {
                ReadOnlySpan<byte> buffered = _buffer.AsSpan(_start, _end - _start);
                int length = buffered.Length < 4 ? -1 : (int)(BinaryPrimitives.ReadUInt32BigEndian(buffered) & 0xFFFFFF);
                if (length < 0 || buffered.Length < 4 + length)
                {
                    message = default;
                    return false;
                }

                _start += 4 + length;
                if ((buffered[0] & 0x07) == 0)
                {
                    message = buffered.Slice(4, length);
                    return true;
                }
            }
        }

        public void Flush()
        {
            if (Output.WrittenCount > 0)
            {
                SendAll(Output.WrittenSpan);
                Output.Clear();
            }
        }

        private void SendAll(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                nint sent = Send(Socket.Handle, ref MemoryMarshal.GetReference(bytes), bytes.Length, MsgNoSignal);
                if (sent < 0)
                {
                    int error = Marshal.GetLastPInvokeError();
                    if (error == 4)
                    {
                        continue;
                    }

                    throw new IOException($"send failed: errno {error}");
                }

                bytes = bytes[(int)sent..];
            }
        }

        private void ReceiveExactly(Span<byte> into)
        {
            int read = 0;
            while (read < into.Length)
            {
                nint received = Recv(Socket.Handle, ref into[read], into.Length - read, 0);
                read += received > 0 ? (int)received : throw new EndOfStreamException("the router closed the connection during the handshake");
            }
        }

        public void Dispose()
        {
            Output.Dispose();
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }

            Socket.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static extern int EpollCreate1(int flags);

    [DllImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static extern int EpollCtl(int epoll, int operation, int descriptor, ref byte watch);

    [DllImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static extern int EpollWait(int epoll, ref byte events, int capacity, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static extern nint Recv(nint socket, ref byte buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    private static extern nint Send(nint socket, ref byte buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
