using EdgeWamp.Host.Systemd;
using Xunit;

namespace EdgeWamp.Host.Tests.Systemd;

/// <summary>sd_notify(3) over a real Unix datagram socket, bound by the test as systemd binds its own.</summary>
public sealed class NotifySocketTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Notify_PathSocket_DeliversEachNotificationAsOneDatagram()
    {
        using var manager = new NotifyReceiver();
        using var notify = new NotifySocket(manager.Name);

        Assert.True(notify.IsEnabled);
        Assert.True(notify.Notify(NotifySocket.Ready));
        Assert.True(notify.Notify(NotifySocket.Watchdog));
        Assert.True(notify.Notify(NotifySocket.Stopping));

        Assert.Equal("READY=1", manager.Receive(Wait));
        Assert.Equal("WATCHDOG=1", manager.Receive(Wait));
        Assert.Equal("STOPPING=1", manager.Receive(Wait));
    }

    [Fact]
    public void Notify_AbstractNamespace_AtSignStandsForTheLeadingNul()
    {
        using var manager = new NotifyReceiver(abstractNamespace: true);
        using var notify = new NotifySocket(manager.Name);

        Assert.True(notify.Notify(NotifySocket.Ready));

        Assert.Equal("READY=1", manager.Receive(Wait));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/notify.sock")]
    [InlineData("@")]
    public void Notify_NoUsableSocketName_IsDisabledAndSendsNothing(string? name)
    {
        using var notify = new NotifySocket(name);

        Assert.False(notify.IsEnabled);
        Assert.False(notify.Notify(NotifySocket.Ready));
    }

    [Fact]
    public void Notify_ManagerGone_ReturnsFalseWithoutThrowing()
    {
        string name;
        using (var manager = new NotifyReceiver())
        {
            name = manager.Name;
        }

        using var notify = new NotifySocket(name);

        Assert.True(notify.IsEnabled);
        Assert.False(notify.Notify(NotifySocket.Watchdog));
    }

    [Fact]
    public void Constructor_NameLongerThanSunPath_IsDisabled()
    {
        using var notify = new NotifySocket("/" + new string('x', 200));

        Assert.False(notify.IsEnabled);
    }
}
