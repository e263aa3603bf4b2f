using EdgeWamp.Client;

namespace EdgeWamp.Host.Uplinks;

/// <summary>One connection of an uplink to its upstream (a WAMP router or an MQTT broker), as the uplink drives it.</summary>
internal interface IUpstreamSession : IAsyncDisposable
{
    /// <summary>Completes, with the reason, when the connection has ended.</summary>
    Task<string> Closed { get; }

    /// <summary>What the connection is, for the state event: "joined fleet as session 123".</summary>
    string Description { get; }

    /// <summary>
    /// Publishes a local event upstream (the topic mapped there). With <paramref name="confirmed"/> it returns only once
    /// the upstream took it (WAMP PUBLISHED, MQTT PUBACK).
    /// </summary>
    /// <exception cref="WampException">The upstream refused the event: sending it again would not help.</exception>
    /// <exception cref="WampConnectionException">The connection failed.</exception>
    Task PublishAsync(string localTopic, WampPayload payload, bool confirmed, CancellationToken cancellationToken);

    /// <summary>Calls the upstream procedure a local call stands for.</summary>
    Task<WampPayload> CallAsync(string localProcedure, WampPayload payload, CancellationToken cancellationToken);

    /// <summary>Ends the connection politely (GOODBYE, MQTT DISCONNECT).</summary>
    Task LeaveAsync();
}

/// <summary>What the upstream delivers down: events to publish locally and calls of local procedures.</summary>
internal sealed class UpstreamDelivery
{
    /// <summary>An upstream event, mapped to its local topic; must not block.</summary>
    public required Action<string, WampPayload> Event { get; init; }

    /// <summary>An upstream call of a local procedure (local URI).</summary>
    public required Func<string, WampPayload, CancellationToken, ValueTask<WampPayload>> Call { get; init; }
}

/// <summary>Opens upstream connections of one kind (WAMP or MQTT).</summary>
internal interface IUpstreamConnector
{
    /// <exception cref="WampConnectionException">The upstream cannot be reached or refused the connection.</exception>
    Task<IUpstreamSession> ConnectAsync(UpstreamDelivery delivery, CancellationToken cancellationToken);
}
