using EdgeWamp.Client;
using EdgeWamp.Client.Authentication;
using EdgeWamp.Client.Transports;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Protocol.Serialization;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Uplinks;

/// <summary>
/// Connects to an upstream WAMP router (rs://, rss://, ws://, wss://), joins its realm and sets up the uplink there: a
/// prefix subscription for each <c>subscribe</c> prefix and a prefix registration for each <c>register</c> prefix,
/// both under the uplink's prefix. Local procedures are not tracked one by one: the upstream registration of
/// <c>prefix + gpio.</c> forwards every call under it to the local router, which answers no_such_procedure itself
/// when nothing local is registered.
/// </summary>
internal sealed class WampUpstreamConnector(UplinkConfig config, ILogger logger) : IUpstreamConnector
{
    private readonly UplinkRules _rules = new(config);

    public async Task<IUpstreamSession> ConnectAsync(UpstreamDelivery delivery, CancellationToken cancellationToken)
    {
        IClientAuthenticator? authenticator = CreateAuthenticator(config.Authentication);
        IClientTransport transport = await ClientTransportFactory.ConnectAsync(config.Url, WampSerializer.Cbor, cancellationToken).ConfigureAwait(false);
        WampClientSession session = await WampClientSession.JoinAsync(transport, config.Realm!, authenticator, cancellationToken, logger).ConfigureAwait(false);
        try
        {
            foreach (string prefix in config.Subscribe)
            {
                await session.SubscribeAsync(_rules.ToUpstream(prefix), (in WampEvent e) =>
                {
                    if (_rules.TryToLocal(System.Text.Encoding.UTF8.GetString(e.Topic), out string topic) && _rules.IsSubscribed(topic))
                    {
                        delivery.Event(topic, WampPayload.CopyOf(e.Payload));
                    }
                }, cancellationToken, WampMatchOptions.Prefix).ConfigureAwait(false);
            }

            foreach (string prefix in config.Register)
            {
                await session.RegisterAsync(_rules.ToUpstream(prefix), (invocation, token) =>
                    _rules.TryToLocal(invocation.Procedure, out string procedure) && _rules.IsRegistered(procedure)
                        ? delivery.Call(procedure, invocation.Payload, token)
                        : throw new WampException("wamp.error.no_such_procedure"), cancellationToken, WampMatchOptions.Prefix).ConfigureAwait(false);
            }
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new Session(session, _rules, $"joined {config.Realm} as session {session.SessionId}");
    }

    /// <summary>The client-side authenticator for the configured method; null for anonymous.</summary>
    public static IClientAuthenticator? CreateAuthenticator(UplinkAuthenticationConfig? authentication) => authentication?.Method switch
    {
        null or ConfigVocabulary.AuthAnonymous => null,
        ConfigVocabulary.AuthTicket => new TicketAuthenticator(authentication.AuthId, authentication.Secret ?? ""),
        ConfigVocabulary.AuthWampCra => new WampCraAuthenticator(authentication.AuthId ?? "", authentication.Secret ?? ""),
        ConfigVocabulary.AuthCryptosign => new CryptosignAuthenticator(authentication.AuthId, authentication.Secret ?? ""),
        _ => throw new WampConnectionException($"authentication method '{authentication.Method}' is not supported by uplinks"),
    };

    private sealed class Session(WampClientSession session, UplinkRules rules, string description) : IUpstreamSession
    {
        private static readonly WampPublishOptions Acknowledged = new() { Acknowledge = true };

        public Task<string> Closed => session.Closed;

        public string Description => description;

        public Task PublishAsync(string localTopic, WampPayload payload, bool confirmed, CancellationToken cancellationToken) =>
            session.PublishAsync(rules.ToUpstream(localTopic), payload, cancellationToken, confirmed ? Acknowledged : null);

        public Task<WampPayload> CallAsync(string localProcedure, WampPayload payload, CancellationToken cancellationToken) =>
            session.CallAsync(rules.ToUpstream(localProcedure), payload, cancellationToken);

        public Task LeaveAsync() => session.LeaveAsync(CancellationToken.None, "wamp.close.system_shutdown");

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }
}
