using System.Collections.Concurrent;
using System.Security.Cryptography;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Transports.WebSocket;

namespace EdgeWamp.Transports.LongPoll;

/// <summary>
/// The long-poll transports of one listener, by transport ID. A transport the client stopped polling is closed
/// after the idle timeout (its session ends like any dropped connection); stopping the listener closes them all.
/// </summary>
internal sealed class LongPollTransports : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LongPollConnection> _transports = new(StringComparer.Ordinal);
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _reaping;

    public LongPollTransports(TimeSpan idleTimeout)
    {
        _idleTimeout = idleTimeout;
        _reaping = ReapIdleAsync();
    }

    public int Count => _transports.Count;

    /// <summary>Creates a transport with a new random ID and opens its router session.</summary>
    public LongPollConnection Open(WebSocketSubprotocol protocol, long maxQueuedBytes, string description, TransportInfo info, IWampPeerFactory peers)
    {
        // 128 random bits: the ID is the only thing that ties later requests to the session.
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        string id = Convert.ToHexStringLower(random);
        var connection = new LongPollConnection(id, protocol, maxQueuedBytes, $"{description} longpoll {id[..8]}", info);
        _transports[id] = connection;
        connection.Peer = peers.Open(connection);
        return connection;
    }

    public LongPollConnection? Find(string id) => _transports.TryGetValue(id, out LongPollConnection? connection) ? connection : null;

    public void Remove(LongPollConnection connection)
    {
        _transports.TryRemove(connection.Id, out _);
        connection.Disconnect();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _reaping.ConfigureAwait(false);
        foreach (LongPollConnection connection in _transports.Values)
        {
            Remove(connection);
        }

        _stopping.Dispose();
    }

    private async Task ReapIdleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(_idleTimeout.TotalMilliseconds / 4, 10, 1000)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                foreach (LongPollConnection connection in _transports.Values)
                {
                    if (connection.IdleMilliseconds > _idleTimeout.TotalMilliseconds || (connection.IsClosed && connection.IdleMilliseconds > 1000))
                    {
                        Remove(connection);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The listener stops.
        }
    }
}
