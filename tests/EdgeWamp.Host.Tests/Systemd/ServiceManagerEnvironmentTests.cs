using EdgeWamp.Host.Systemd;
using Xunit;

namespace EdgeWamp.Host.Tests.Systemd;

public sealed class ServiceManagerEnvironmentTests
{
    private const int Pid = 4242;

    private static ServiceManagerEnvironment Read(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        return ServiceManagerEnvironment.Read(name => environment.GetValueOrDefault(name), Pid);
    }

    [Fact]
    public void Read_NothingSet_IsNotUnderAServiceManager()
    {
        ServiceManagerEnvironment environment = Read();

        Assert.False(environment.HasNotifySocket);
        Assert.Null(environment.WatchdogPeriod);
        Assert.Equal(0, environment.ListenFdCount);
        Assert.False(environment.IsJournalStream);
    }

    [Fact]
    public void Read_SystemdNotifyService_HasNotifySocketWatchdogAndJournal()
    {
        ServiceManagerEnvironment environment = Read(
            ("NOTIFY_SOCKET", "/run/systemd/notify"), ("WATCHDOG_USEC", "30000000"), ("WATCHDOG_PID", "4242"), ("JOURNAL_STREAM", "8:12345"));

        Assert.True(environment.HasNotifySocket);
        Assert.Equal(TimeSpan.FromSeconds(30), environment.WatchdogPeriod);
        Assert.True(environment.IsJournalStream);
    }

    [Theory]
    [InlineData("4243")]   // meant for another process (the variables are inherited)
    [InlineData("x")]
    public void Read_WatchdogPidOfAnotherProcess_HasNoWatchdog(string watchdogPid) =>
        Assert.Null(Read(("WATCHDOG_USEC", "1000000"), ("WATCHDOG_PID", watchdogPid)).WatchdogPeriod);

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("18446744073709551615")]   // UINT64_MAX: systemd's "infinity"
    public void Read_WatchdogUsecNotAPeriod_HasNoWatchdog(string usec) =>
        Assert.Null(Read(("WATCHDOG_USEC", usec)).WatchdogPeriod);

    [Fact]
    public void Read_WatchdogWithoutPid_AppliesToThisProcess() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Read(("WATCHDOG_USEC", "1500000")).WatchdogPeriod);

    [Fact]
    public void Read_ListenFdsForThisProcess_CountsThemWithTheirNames()
    {
        ServiceManagerEnvironment environment = Read(("LISTEN_FDS", "2"), ("LISTEN_PID", "4242"), ("LISTEN_FDNAMES", "tcp:unix"));

        Assert.Equal(2, environment.ListenFdCount);
        Assert.Equal(["tcp", "unix"], environment.ListenFdNames);
    }

    [Theory]
    [InlineData(null)]     // sd_listen_fds(3) requires LISTEN_PID
    [InlineData("1")]
    public void Read_ListenFdsNotForThisProcess_HasNone(string? listenPid)
    {
        var variables = new List<(string, string)> { ("LISTEN_FDS", "2") };
        if (listenPid is not null)
        {
            variables.Add(("LISTEN_PID", listenPid));
        }

        Assert.Equal(0, Read([.. variables]).ListenFdCount);
    }
}
