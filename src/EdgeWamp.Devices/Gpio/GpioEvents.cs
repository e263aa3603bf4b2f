using System.Text;
using EdgeWamp.Devices.Local;
using EdgeWamp.Protocol.Buffers;

namespace EdgeWamp.Devices.Gpio;

/// <summary>
/// Publishes pin states on <c>gpio.&lt;pin&gt;.state</c>, retained, from any thread (procedures, edge callbacks, pulse
/// timers): one payload buffer under one lock.
/// </summary>
internal sealed class GpioEvents : IDisposable
{
    private readonly Lock _lock = new();
    private readonly OutputBuffer _payload = new(128);

    public GpioEvents(LocalSession session, TimeProvider time)
    {
        Session = session;
        Time = time;
    }

    public LocalSession Session { get; }

    public TimeProvider Time { get; }

    public long Published { get; private set; }

    public long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public static byte[] StateTopic(string pin) => Encoding.UTF8.GetBytes($"gpio.{pin}.state");

    public void PublishLevel(byte[] topic, bool high, long timestamp)
    {
        lock (_lock)
        {
            _payload.Clear();
            int count = GpioPayload.WriteLevel(_payload, high, timestamp);
            Published += Session.Publish(topic, _payload.WrittenSpan, count, retain: true) ? 1 : 0;
        }
    }

    public void PublishPwm(byte[] topic, double duty, int frequency, long timestamp)
    {
        lock (_lock)
        {
            _payload.Clear();
            int count = GpioPayload.WritePwm(_payload, duty, frequency, timestamp);
            Published += Session.Publish(topic, _payload.WrittenSpan, count, retain: true) ? 1 : 0;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _payload.Dispose();
        }
    }
}
