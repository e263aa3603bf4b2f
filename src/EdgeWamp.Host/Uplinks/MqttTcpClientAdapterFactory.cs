using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// MQTTnet's client channels cut down to TCP (and TLS over it), the only ones the MQTT uplink uses (mqtt://, mqtts://).
/// MQTTnet's own factory also builds its WebSocket channel, whose ClientWebSocket would keep the whole HTTP client
/// stack (System.Net.Http, about 0.4 MB) in the router's binary: this one never references it, so the trimmer drops it.
/// </summary>
internal sealed class MqttTcpClientAdapterFactory : IMqttClientAdapterFactory
{
    public IMqttChannelAdapter CreateClientAdapter(MqttClientOptions options, MqttPacketInspector packetInspector, IMqttNetLogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is not MqttClientTcpOptions)
        {
            throw new NotSupportedException("the MQTT uplink connects over TCP only");
        }

        // As MQTTnet's MqttClientAdapterFactory does for its TCP channel.
        var formatter = new MqttPacketFormatterAdapter(options.ProtocolVersion, new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
        return new MqttChannelAdapter(new MqttTcpChannel(options), formatter, logger)
        {
            AllowPacketFragmentation = options.AllowPacketFragmentation,
            PacketInspector = packetInspector,
        };
    }
}
