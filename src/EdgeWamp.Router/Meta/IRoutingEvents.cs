using EdgeWamp.Router.Broker;
using EdgeWamp.Router.Dealer;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Router.Meta;

/// <summary>What the broker and dealer report for the meta API's events (on_create, on_subscribe, ..., on_delete).</summary>
internal interface IRoutingEvents
{
    void SubscriptionCreated(WampSession session, Subscription subscription);

    void Subscribed(WampSession session, Subscription subscription);

    void Unsubscribed(WampSession session, Subscription subscription);

    void SubscriptionDeleted(WampSession session, Subscription subscription);

    void RegistrationCreated(WampSession session, Registration registration);

    void Registered(WampSession session, Registration registration);

    void Unregistered(WampSession session, Registration registration);

    void RegistrationDeleted(WampSession session, Registration registration);
}
