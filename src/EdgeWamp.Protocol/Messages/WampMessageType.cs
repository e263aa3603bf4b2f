namespace EdgeWamp.Protocol.Messages;

/// <summary>WAMP message codes (WAMP spec, "Message Codes and Direction").</summary>
/// <remarks>
/// Direction per role: Pub = publisher, Brk = broker, Sub = subscriber, Clr = caller, Dlr = dealer, Cle = callee.
/// <code>
///  1 HELLO        client -> router        2 WELCOME      router -> client
///  3 ABORT        both                     4 CHALLENGE    router -> client
///  5 AUTHENTICATE client -> router         6 GOODBYE      both
///  8 ERROR        Brk->Pub, Brk->Sub, Dlr->Clr, Cle->Dlr
/// 16 PUBLISH      Pub -> Brk              17 PUBLISHED    Brk -> Pub
/// 32 SUBSCRIBE    Sub -> Brk              33 SUBSCRIBED   Brk -> Sub
/// 34 UNSUBSCRIBE  Sub -> Brk              35 UNSUBSCRIBED Brk -> Sub
/// 36 EVENT        Brk -> Sub
/// 48 CALL         Clr -> Dlr              49 CANCEL       Clr -> Dlr
/// 50 RESULT       Dlr -> Clr
/// 64 REGISTER     Cle -> Dlr              65 REGISTERED   Dlr -> Cle
/// 66 UNREGISTER   Cle -> Dlr              67 UNREGISTERED Dlr -> Cle
/// 68 INVOCATION   Dlr -> Cle              69 INTERRUPT    Dlr -> Cle
/// 70 YIELD        Cle -> Dlr
/// </code>
/// </remarks>
public enum WampMessageType : byte
{
    None = 0,
    Hello = 1,
    Welcome = 2,
    Abort = 3,
    Challenge = 4,
    Authenticate = 5,
    Goodbye = 6,
    Error = 8,
    Publish = 16,
    Published = 17,
    Subscribe = 32,
    Subscribed = 33,
    Unsubscribe = 34,
    Unsubscribed = 35,
    Event = 36,
    Call = 48,
    Cancel = 49,
    Result = 50,
    Register = 64,
    Registered = 65,
    Unregister = 66,
    Unregistered = 67,
    Invocation = 68,
    Interrupt = 69,
    Yield = 70,
}
