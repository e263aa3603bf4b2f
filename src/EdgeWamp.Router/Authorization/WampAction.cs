namespace EdgeWamp.Router.Authorization;

/// <summary>The actions a permission rule can allow (config: <c>allow</c>).</summary>
[Flags]
public enum WampAction : byte
{
    None = 0,
    Call = 1,
    Register = 2,
    Publish = 4,
    Subscribe = 8,
}
