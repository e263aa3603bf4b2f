using EdgeWamp.Devices.Local;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Devices.Sensors;

/// <summary>
/// Reads every configured sensor on its own schedule from one timer loop, and publishes each quantity to
/// <c>&lt;prefix&gt;&lt;quantity&gt;</c> with ArgumentsKw <c>{value, unit, ts}</c>, retained, through an in-process
/// <see cref="LocalSession"/> (docs/devices.md, "Sensors"). Each sensor also answers its read procedure.
/// </summary>
/// <remarks>
/// Idle cost: the loop sleeps on <see cref="TimeProvider"/> until the next sensor is due (no busy polling).
/// Failure: a read that throws is logged once when the sensor starts failing, published on its status topic,
/// and retried with <see cref="SensorBackoff"/>; other sensors and the router carry on.
/// </remarks>
public sealed class SensorPublisher : IAsyncDisposable
{
    private readonly List<SensorState> _sensors = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LocalSession _session;
    private readonly OutputBuffer _payload = new(256);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private long _reads;

    public SensorPublisher(IReadOnlyList<PublishedSensor> sensors, TimeProvider time, ILogger logger)
    {
        foreach (PublishedSensor sensor in sensors)
        {
            _sensors.Add(new SensorState(sensor));
        }

        _time = time;
        _logger = logger;
        _session = new LocalSession("sensors", logger);
    }

    /// <summary>Reads done, good or failed, each counted once its events are published.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Events published (readings and status changes).</summary>
    public long Publications { get; private set; }

    /// <summary>Joins <paramref name="realm"/>, registers each sensor's read procedure and starts the loop.</summary>
    public async Task StartAsync(WampRouter router, AuthMethods authMethods, string realm, CancellationToken cancellationToken, string? authRole = null)
    {
        await _session.JoinAsync(router, authMethods, realm, cancellationToken, authRole).ConfigureAwait(false);
        foreach (SensorState sensor in _sensors)
        {
            await _session.RegisterAsync(sensor.Sensor.ReadProcedure, sensor.Read, cancellationToken).ConfigureAwait(false);
        }

        if (_sensors.Count > 0)
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>Stops the loop, leaves the realm and disposes every driver.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await _session.DisposeAsync().ConfigureAwait(false);
        foreach (SensorState sensor in _sensors)
        {
            sensor.Sensor.Driver.Dispose();
        }

        _payload.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset start = _time.GetUtcNow();
        foreach (SensorState sensor in _sensors)
        {
            sensor.NextDue = start;
        }

        try
        {
            while (true)
            {
                DateTimeOffset next = DateTimeOffset.MaxValue;
                foreach (SensorState sensor in _sensors)
                {
                    if (sensor.NextDue <= _time.GetUtcNow())
                    {
                        await PollAsync(sensor, cancellationToken).ConfigureAwait(false);
                    }

                    next = sensor.NextDue < next ? sensor.NextDue : next;
                }

                TimeSpan wait = next - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PollAsync(SensorState sensor, CancellationToken cancellationToken)
    {
        Array.Fill(sensor.Scratch, double.NaN);
        try
        {
            await sensor.Sensor.Driver.ReadAsync(sensor.Scratch, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // A SensorException is the expected failure; anything else is a driver bug, which must not stop the loop either.
            OnFailure(sensor, exception is SensorException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}");
            Interlocked.Increment(ref _reads);
            return;
        }

        OnSuccess(sensor);
        Interlocked.Increment(ref _reads);
    }

    private void OnFailure(SensorState sensor, string error)
    {
        DateTimeOffset now = _time.GetUtcNow();
        sensor.Failures++;
        TimeSpan retry = SensorBackoff.Delay(sensor.Sensor.PollInterval, sensor.Failures);
        sensor.NextDue = now + retry;
        if (sensor.Failures == 1)
        {
            // Logged and published once per outage, not on every retry.
            sensor.Error = error;
            _logger.SensorFailed(sensor.Sensor.Name, error);
            PublishStatus(sensor, error, now.ToUnixTimeMilliseconds());
        }
        else
        {
            _logger.SensorStillFailing(sensor.Sensor.Name, sensor.Failures, error, retry.TotalSeconds);
        }
    }

    private void OnSuccess(SensorState sensor)
    {
        DateTimeOffset now = _time.GetUtcNow();
        long timestamp = now.ToUnixTimeMilliseconds();
        if (sensor.Failures > 0)
        {
            _logger.SensorRecovered(sensor.Sensor.Name, sensor.Failures);
            sensor.Failures = 0;
            sensor.Error = null;
            PublishStatus(sensor, null, timestamp);
        }

        PublishedSensor options = sensor.Sensor;
        for (int i = 0; i < sensor.Scratch.Length; i++)
        {
            double value = sensor.Scratch[i];
            if (double.IsNaN(value))
            {
                // The driver has no value for this quantity now (e.g. a board without a thermal zone).
                continue;
            }

            sensor.Store(i, value, timestamp);
            if (ShouldPublish(sensor, i, value, timestamp))
            {
                _payload.Clear();
                int count = SensorPayload.WriteReading(_payload, value, sensor.Units[i], timestamp);
                if (_session.Publish(sensor.Topics[i], _payload.WrittenSpan, count, retain: true))
                {
                    Publications++;
                    sensor.LastPublished[i] = value;
                    sensor.LastPublishedAt[i] = timestamp;
                }
            }
        }

        sensor.NextDue = now + options.PollInterval;
    }

    /// <summary>
    /// The first reading, a move of at least the threshold, or <c>publishEverySeconds</c> since the last
    /// publication; with neither a threshold nor a period, every reading.
    /// </summary>
    private static bool ShouldPublish(SensorState sensor, int index, double value, long timestamp)
    {
        if (sensor.LastPublishedAt[index] == 0)
        {
            return true;
        }

        PublishedSensor options = sensor.Sensor;
        bool periodDue = options.PublishEvery is { } every && timestamp - sensor.LastPublishedAt[index] >= (long)every.TotalMilliseconds;
        if (options.ThresholdOf(options.Driver.Quantities[index].Name) is { } threshold)
        {
            return periodDue || Math.Abs(value - sensor.LastPublished[index]) >= threshold;
        }

        return options.PublishEvery is null || periodDue;
    }

    private void PublishStatus(SensorState sensor, string? error, long timestamp)
    {
        _payload.Clear();
        int count = SensorPayload.WriteStatus(_payload, error, timestamp);
        if (_session.Publish(sensor.StatusTopic, _payload.WrittenSpan, count, retain: true))
        {
            Publications++;
        }
    }
}
