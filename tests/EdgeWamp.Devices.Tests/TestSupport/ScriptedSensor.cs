using EdgeWamp.Devices.Sensors;

namespace EdgeWamp.Devices.Tests.TestSupport;

/// <summary>
/// A sensor whose readings a test scripts: each read takes the next step, a set of values or a failure (as a driver
/// throws <see cref="SensorException"/> for a missing device or a CRC error); the last step repeats.
/// </summary>
internal sealed class ScriptedSensor : ISensorDriver
{
    private readonly Lock _lock = new();
    private readonly Queue<object> _steps = new();
    private object? _last;

    public ScriptedSensor(params SensorQuantity[] quantities)
    {
        Quantities = quantities;
    }

    public IReadOnlyList<SensorQuantity> Quantities { get; }

    public int ReadCount { get; private set; }

    public bool Disposed { get; private set; }

    public ScriptedSensor Then(params double[] values)
    {
        lock (_lock)
        {
            _steps.Enqueue(values);
        }

        return this;
    }

    public ScriptedSensor ThenFail(string message)
    {
        lock (_lock)
        {
            _steps.Enqueue(new SensorException(message));
        }

        return this;
    }

    public ValueTask ReadAsync(double[] values, CancellationToken cancellationToken)
    {
        object step;
        lock (_lock)
        {
            ReadCount++;
            step = _steps.Count > 0 ? _steps.Dequeue() : _last ?? throw new InvalidOperationException("nothing scripted");
            _last = step;
        }

        if (step is SensorException failure)
        {
            throw new SensorException(failure.Message);
        }

        ((double[])step).CopyTo(values, 0);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => Disposed = true;
}
