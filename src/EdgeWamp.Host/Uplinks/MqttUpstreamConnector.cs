using System.Buffers;
using EdgeWamp.Client;
using EdgeWamp.Host.Configuration;
using MQTTnet;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// Connects to an MQTT broker (mqtt://, mqtts://; MQTT 3.1.1 or 5) through MQTTnet, with a retained last will
/// "offline" on <c>&lt;prefix&gt;status</c> and a retained "online" published there on every connect, so the topic
/// mirrors the board's availability. Subscribes to the filters of the <c>subscribe</c> prefixes.
/// </summary>
internal sealed class MqttUpstreamConnector(UplinkConfig config) : IUpstreamConnector
{
    private static readonly byte[] Online = "online"u8.ToArray();
    private static readonly byte[] Offline = "offline"u8.ToArray();
    private readonly UplinkRules _rules = new(config);

    public async Task<IUpstreamSession> ConnectAsync(UpstreamDelivery delivery, CancellationToken cancellationToken)
    {
        var url = new Uri(config.Url);
        bool tls = url.Scheme == "mqtts";
        bool v5 = config.MqttVersion == "5";
        var qos = (MqttQualityOfServiceLevel)config.Qos;
        string statusTopic = MqttTopicMapping.StatusTopic(config.Prefix);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(url.Host, url.Port > 0 ? url.Port : tls ? 8883 : 1883)
            .WithProtocolVersion(v5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
            .WithClientId(config.Authentication?.AuthId ?? $"edgewamp-{config.Name}-{Environment.MachineName}")
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithWillTopic(statusTopic)
            .WithWillPayload(Offline)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(qos);
        if (config.Authentication is { AuthId: { } user } && config.Authentication.Method != ConfigVocabulary.AuthAnonymous)
        {
            options.WithCredentials(user, config.Authentication.Secret ?? "");
        }

        if (tls)
        {
            options.WithTlsOptions(tlsOptions => tlsOptions.UseTls());
        }

        IMqttClient client = new MqttClientFactory(new MqttNetNullLogger(), new MqttTcpClientAdapterFactory()).CreateMqttClient();
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool raw = config.Payload == "raw";
        client.ApplicationMessageReceivedAsync += received =>
        {
            // Without MQTT 5's no-local, the broker echoes what this client publishes: skip what the uplink publishes.
            if (MqttTopicMapping.TryToWamp(config.Prefix, received.ApplicationMessage.Topic, out string topic)
                && _rules.IsSubscribed(topic) && !_rules.IsPublished(topic))
            {
                delivery.Event(topic, MqttPayloadMapping.ToWamp(received.ApplicationMessage.Payload.ToArray(), raw));
            }

            return Task.CompletedTask;
        };
        client.DisconnectedAsync += disconnected =>
        {
            closed.TrySetResult($"disconnected from the broker ({disconnected.Reason}{(disconnected.Exception is { } e ? ": " + e.Message : "")})");
            return Task.CompletedTask;
        };

        try
        {
            await client.ConnectAsync(options.Build(), cancellationToken).ConfigureAwait(false);
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(statusTopic).WithPayload(Online).WithRetainFlag(true).WithQualityOfServiceLevel(qos).Build(), cancellationToken).ConfigureAwait(false);
            foreach (string prefix in config.Subscribe)
            {
                foreach (string filter in MqttTopicMapping.FiltersFor(config.Prefix, prefix))
                {
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(qos).WithNoLocal(v5)).Build(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            client.Dispose();
            throw new WampConnectionException($"MQTT connection to {config.Url} failed: {exception.Message}", exception);
        }

        return new Session(client, config, qos, raw, closed, $"connected to {url.Host}:{url.Port} (MQTT {(v5 ? "5" : "3.1.1")})");
    }

    private sealed class Session(IMqttClient client, UplinkConfig config, MqttQualityOfServiceLevel qos, bool raw, TaskCompletionSource<string> closed, string description) : IUpstreamSession
    {
        public Task<string> Closed => closed.Task;

        public string Description => description;

        public async Task PublishAsync(string localTopic, WampPayload payload, bool confirmed, CancellationToken cancellationToken)
        {
            // A queued (durable) event is removed only once the broker has it: at least QoS 1, so the PUBACK says so.
            MqttQualityOfServiceLevel level = confirmed && qos == MqttQualityOfServiceLevel.AtMostOnce ? MqttQualityOfServiceLevel.AtLeastOnce : qos;
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(MqttTopicMapping.ToMqtt(config.Prefix, localTopic))
                .WithPayload(MqttPayloadMapping.ToMqtt(payload, raw))
                .WithQualityOfServiceLevel(level)
                .Build();
            MqttClientPublishResult result;
            try
            {
                result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new WampConnectionException($"MQTT publish failed: {exception.Message}", exception);
            }

            if (!result.IsSuccess)
            {
                throw new WampException($"mqtt.error.{result.ReasonCode}".ToLowerInvariant());
            }
        }

        public Task<WampPayload> CallAsync(string localProcedure, WampPayload payload, CancellationToken cancellationToken) =>
            throw new WampException("wamp.error.no_such_procedure");

        public async Task LeaveAsync()
        {
            if (client.IsConnected)
            {
                // A clean DISCONNECT suppresses the will: say "offline" ourselves first.
                try
                {
                    await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(MqttTopicMapping.StatusTopic(config.Prefix)).WithPayload(Offline).WithRetainFlag(true).WithQualityOfServiceLevel(qos).Build()).ConfigureAwait(false);
                    await client.DisconnectAsync().ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The broker is gone already; the will covers it.
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            closed.TrySetResult("closed");
            return ValueTask.CompletedTask;
        }
    }
}
