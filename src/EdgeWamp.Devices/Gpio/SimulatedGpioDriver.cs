using System.Device.Gpio;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// A GPIO chip in memory that behaves like a Linux gpiochip seen through libgpiod: a line must be requested (opened)
/// before use; an output reads back what was written; writing an input is refused (the kernel's EPERM); an input
/// reads what drives it from outside, else its pull (up: high, down: low); and an edge on an input with a callback
/// fires it, for the requested edges only. The sim board's pins live on it, and tests drive it as the hardware.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly Line[] _lines;

    /// <param name="lineCount">Lines on the chip (58 on a BCM2711, 54 on a BCM2835).</param>
    /// <param name="label">The chip's label, as in <c>/sys/bus/gpio/devices/gpiochipN/label</c>.</param>
    public SimulatedGpioDriver(int lineCount = 32, string label = "sim")
    {
        _lines = new Line[lineCount];
        for (int i = 0; i < lineCount; i++)
        {
            _lines[i] = new Line();
        }

        Label = label;
    }

    public string Label { get; }

    protected override int PinCount => _lines.Length;

    /// <summary>Whether <paramref name="pin"/> is requested (open).</summary>
    public bool IsOpen(int pin)
    {
        lock (_lock)
        {
            return LineAt(pin).Open;
        }
    }

    /// <summary>The level on the line as the outside world sees it (what an output drives; an input's level).</summary>
    public PinValue LevelOf(int pin)
    {
        lock (_lock)
        {
            return LineAt(pin).Level;
        }
    }

    /// <summary>The mode the line is in (the kernel keeps it after the line is released).</summary>
    public PinMode ModeOf(int pin)
    {
        lock (_lock)
        {
            return LineAt(pin).Mode;
        }
    }

    /// <summary>
    /// Something outside drives the line to <paramref name="level"/> (a button, a sensor's interrupt line); on an
    /// input, a change fires the callbacks registered for that edge. Null releases the line to its pull.
    /// </summary>
    public void Drive(int pin, PinValue? level)
    {
        (PinChangeEventHandler Handler, PinEventTypes Types)[] handlers;
        PinEventTypes edge;
        lock (_lock)
        {
            Line line = LineAt(pin);
            PinValue before = line.Level;
            line.External = level;
            PinValue after = line.Level;
            if (before == after || !line.Open || line.Mode == PinMode.Output)
            {
                return;
            }

            edge = after == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            handlers = [.. line.Handlers];
        }

        // Outside the lock, like libgpiod's event thread: a handler may read the pin.
        foreach ((PinChangeEventHandler handler, PinEventTypes types) in handlers)
        {
            if ((types & edge) != 0)
            {
                handler(this, new PinValueChangedEventArgs(edge, pin));
            }
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            Line line = LineAt(pinNumber);
            if (line.Open)
            {
                throw new InvalidOperationException($"GPIO line {pinNumber} on {Label} is busy (already requested)");
            }

            line.Open = true;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            Line line = LineAt(pinNumber);
            line.Open = false;
            line.Handlers.Clear();
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            Line line = RequestedLine(pinNumber);
            if (!IsPinModeSupported(pinNumber, mode))
            {
                throw new InvalidOperationException($"GPIO line {pinNumber}: mode {mode} is not supported");
            }

            line.Mode = mode;
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        lock (_lock)
        {
            Line line = RequestedLine(pinNumber);
            line.Mode = mode;
            if (mode == PinMode.Output)
            {
                line.Output = initialValue;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return RequestedLine(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.InputPullUp or PinMode.InputPullDown or PinMode.Output;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return RequestedLine(pinNumber).Level;
        }
    }

    protected override void Toggle(int pinNumber)
    {
        lock (_lock)
        {
            Line line = RequestedOutput(pinNumber);
            line.Output = line.Output == PinValue.High ? PinValue.Low : PinValue.High;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            RequestedOutput(pinNumber).Output = value;
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var signalled = new TaskCompletionSource<PinEventTypes>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEdge(object sender, PinValueChangedEventArgs args) => signalled.TrySetResult(args.ChangeType);
        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, OnEdge);
        try
        {
            PinEventTypes edge = signalled.Task.WaitAsync(cancellationToken).GetAwaiter().GetResult();
            return new WaitForEventResult { EventTypes = edge, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, OnEdge);
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            RequestedLine(pinNumber).Handlers.Add((callback, eventTypes));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            RequestedLine(pinNumber).Handlers.RemoveAll(entry => entry.Handler == callback);
        }
    }

    public override GpioChipInfo GetChipInfo() => new(0, "gpiochip-sim", Label, _lines.Length);

    private Line LineAt(int pin)
    {
        if ((uint)pin >= (uint)_lines.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(pin), pin, $"{Label} has lines 0 to {_lines.Length - 1}");
        }

        return _lines[pin];
    }

    private Line RequestedLine(int pin)
    {
        Line line = LineAt(pin);
        if (!line.Open)
        {
            throw new InvalidOperationException($"GPIO line {pin} on {Label} is not requested");
        }

        return line;
    }

    private Line RequestedOutput(int pin)
    {
        Line line = RequestedLine(pin);
        if (line.Mode != PinMode.Output)
        {
            // libgpiod: setting the value of a line requested as input fails with EPERM.
            throw new InvalidOperationException($"GPIO line {pin} on {Label} is an input; it cannot be written");
        }

        return line;
    }

    private sealed class Line
    {
        public bool Open { get; set; }

        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue Output { get; set; } = PinValue.Low;

        public PinValue? External { get; set; }

        public List<(PinChangeEventHandler Handler, PinEventTypes Types)> Handlers { get; } = [];

        /// <summary>An output drives its value; an input follows what drives it, else its pull; a floating input reads low.</summary>
        public PinValue Level => Mode switch
        {
            PinMode.Output => Output,
            _ when External is { } driven => driven,
            PinMode.InputPullUp => PinValue.High,
            _ => PinValue.Low,
        };
    }
}
