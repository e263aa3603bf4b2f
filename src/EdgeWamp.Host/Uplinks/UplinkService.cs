using EdgeWamp.Client;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// Starts every configured uplink before the listeners open (it is registered before <c>RouterService</c>), so the
/// uplink's local subscriptions exist before any client can publish; on shutdown the router's GOODBYE ends the local
/// sessions first, then each uplink leaves its upstream and closes its queue.
/// </summary>
internal sealed class UplinkService : IHostedPart
{
    private readonly EdgeWampConfig _config;
    private readonly WampRouter _router;
    private readonly ILogger _logger;
    private readonly List<Uplink> _uplinks = [];

    public UplinkService(EdgeWampConfig config, WampRouter router, ILoggerFactory loggerFactory)
    {
        _config = config;
        _router = router;
        _logger = loggerFactory.CreateLogger("EdgeWamp.Uplinks");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (UplinkConfig config in _config.Uplinks)
        {
            IUpstreamConnector connector = Uri.TryCreate(config.Url, UriKind.Absolute, out Uri? url) && ConfigVocabulary.MqttSchemes.Contains(url.Scheme)
                ? new MqttUpstreamConnector(config)
                : new WampUpstreamConnector(config, _logger);
            SegmentQueue? queue = config.Durable.Count > 0 ? OpenQueue(config) : null;
            var uplink = new Uplink(config, connector, _router, config.LocalRealm ?? _config.Realms[0].Name, queue, _logger);
            try
            {
                await uplink.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WampConnectionException or WampException)
            {
                // The local realm refused the uplink (its localAuthrole is gone, or lacks a right): the router runs without it.
                UplinkLog.StartFailed(_logger, config.Name, exception.Message);
                await uplink.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            _uplinks.Add(uplink);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (Uplink uplink in _uplinks)
        {
            await uplink.DisposeAsync().ConfigureAwait(false);
        }

        _uplinks.Clear();
    }

    private SegmentQueue OpenQueue(UplinkConfig config)
    {
        string directory = config.Queue.Directory ?? Path.Combine(StatePaths.GetStateDirectory(), "uplinks", config.Name);
        FsyncPolicy fsync = config.Queue.Fsync switch
        {
            "always" => FsyncPolicy.Always,
            "never" => FsyncPolicy.Never,
            _ => FsyncPolicy.Batch,
        };
        var queue = new SegmentQueue(directory, config.Queue.MaxBytes, TimeSpan.FromSeconds(config.Queue.MaxAgeSeconds), fsync, TimeProvider.System);
        UplinkLog.QueueOpened(_logger, config.Name, directory, queue.Count, queue.TruncatedRecords);
        return queue;
    }
}
