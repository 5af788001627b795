using PxlScheduler.Commands;
using PxlScheduler.Core.Configuration;
using PxlScheduler;

return await Cli.RunAsync(args, new CliContext(Workspace.Current(), Console.Out, Console.Error));
