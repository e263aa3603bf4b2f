using System.Buffers;
using EdgeWamp.Protocol.RawSocket;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Client.Transports;

/// <summary>
/// WAMP over RawSocket (WAMP spec, "RawSocket Transport") on any byte stream: TCP, TLS or a Unix socket. Answers the
/// router's PINGs with PONGs; a frame longer than the limit this side announced ends the connection.
/// </summary>
public sealed class RawSocketClientTransport : IClientTransport
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[RawSocketFrameHeader.Length];
    private readonly byte[] _writeHeader = new byte[RawSocketFrameHeader.Length];
    private readonly int _maxReceiveLength;
    private byte[] _receiveBuffer;
    private int _maxSendLength;

    private RawSocketClientTransport(Stream stream, WampSerializer serializer, int maxReceiveLength)
    {
        _stream = stream;
        Serializer = serializer;
        _maxReceiveLength = maxReceiveLength;
        _receiveBuffer = ArrayPool<byte>.Shared.Rent(4096);
    }

    public WampSerializer Serializer { get; }

    /// <summary>Runs the opening handshake on <paramref name="stream"/> and returns the transport; the stream is then owned by it.</summary>
    /// <exception cref="WampConnectionException">The router refused the serializer or the length, or is not a RawSocket router.</exception>
    public static async Task<RawSocketClientTransport> ConnectAsync(Stream stream, WampSerializer serializer, int maxReceiveLength, CancellationToken cancellationToken)
    {
        var transport = new RawSocketClientTransport(stream, serializer, maxReceiveLength);
        try
        {
            await transport.HandshakeAsync(cancellationToken).ConfigureAwait(false);
            return transport;
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.Length > _maxSendLength)
        {
            throw new WampConnectionException($"a message of {message.Length} bytes exceeds the router's limit of {_maxSendLength} bytes");
        }

        await WriteFrameAsync(RawSocketFrameType.Regular, message, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await ReadExactlyOrEndAsync(_header, cancellationToken).ConfigureAwait(false))
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            if (RawSocketFrameHeader.TryParse(_header, out RawSocketFrameType type, out int length) != FrameHeaderStatus.Ok)
            {
                throw new WampConnectionException("the router sent a RawSocket frame header with reserved bits set");
            }

            if (length > _maxReceiveLength)
            {
                throw new WampConnectionException($"the router sent a frame of {length} bytes, above the {_maxReceiveLength} announced");
            }

            if (_receiveBuffer.Length < length)
            {
                ArrayPool<byte>.Shared.Return(_receiveBuffer);
                _receiveBuffer = ArrayPool<byte>.Shared.Rent(length);
            }

            Memory<byte> payload = _receiveBuffer.AsMemory(0, length);
            if (!await ReadExactlyOrEndAsync(payload, cancellationToken).ConfigureAwait(false))
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            switch (type)
            {
                case RawSocketFrameType.Regular:
                    return payload;
                case RawSocketFrameType.Ping:
                    // RawSocket spec: a PONG echoes the PING's payload.
                    await WriteFrameAsync(RawSocketFrameType.Pong, payload, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        byte[] buffer = Interlocked.Exchange(ref _receiveBuffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        byte[] handshake = new byte[RawSocketHandshake.Length];
        RawSocketHandshake.WriteRequest(handshake, _maxReceiveLength, Serializer);
        await _stream.WriteAsync(handshake, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!await ReadExactlyOrEndAsync(handshake, cancellationToken).ConfigureAwait(false))
        {
            throw new WampConnectionException("the router closed the connection during the RawSocket handshake");
        }

        if (handshake[0] != RawSocketHandshake.Magic || handshake[2] != 0 || handshake[3] != 0)
        {
            throw new WampConnectionException("the peer is not a WAMP RawSocket router");
        }

        if ((handshake[1] & 0x0F) == 0)
        {
            // 0x7F, EEEE 0000: the router refused (RawSocket spec: 1 serializer unsupported, 2 length, 3 reserved bits, 4 connections).
            int error = handshake[1] >> 4;
            throw new WampConnectionException($"the router refused the RawSocket handshake (error {error}: {DescribeHandshakeError(error)})");
        }

        if ((WampSerializer)(handshake[1] & 0x0F) != Serializer)
        {
            throw new WampConnectionException("the router answered the RawSocket handshake with another serializer");
        }

        _maxSendLength = Math.Min(1 << (RawSocketHandshake.MinLengthExponent + (handshake[1] >> 4)), RawSocketFrameHeader.MaxPayloadLength);
    }

    private static string DescribeHandshakeError(int error) => error switch
    {
        1 => "serializer unsupported",
        2 => "maximum message length unacceptable",
        3 => "use of reserved bits",
        4 => "maximum connection count reached",
        _ => "unknown",
    };

    private async ValueTask WriteFrameAsync(RawSocketFrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RawSocketFrameHeader.Write(_writeHeader, type, payload.Length);
            await _stream.WriteAsync(_writeHeader, cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new WampConnectionException($"the connection to the router failed: {exception.Message}", exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask<bool> ReadExactlyOrEndAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            int read = await _stream.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == destination.Length;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
