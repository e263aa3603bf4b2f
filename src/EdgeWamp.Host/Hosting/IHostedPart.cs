namespace EdgeWamp.Host.Hosting;

/// <summary>
/// One part of the running router that <see cref="ServiceHost"/> starts in order and stops in reverse order.
/// </summary>
internal interface IHostedPart
{
    /// <summary>
    /// Starts the part; the host waits for it before starting the next one. <paramref name="cancellationToken"/> is
    /// cancelled when a stop signal arrives while the router is still starting.
    /// </summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops the part. <paramref name="cancellationToken"/> is cancelled when the shutdown timeout has passed: the
    /// part should then give up waiting and return; the host does not wait for it any longer.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);
}
