using EdgeWamp.Devices.Local;

namespace EdgeWamp.Devices.Gpio;

/// <summary>A pin the <see cref="GpioBridge"/> serves: its procedures, its state event and its safe state.</summary>
internal interface IBridgedPin
{
    string Name { get; }

    /// <summary>Registers the pin's procedures (<c>gpio.&lt;pin&gt;.read</c>, ...).</summary>
    Task RegisterAsync(LocalSession session, CancellationToken cancellationToken);

    /// <summary>Publishes the current state, so a subscriber with <c>get_retained</c> learns it at once.</summary>
    void PublishState();

    /// <summary>Puts the pin in its configured shutdown state.</summary>
    void ApplySafeState();
}
