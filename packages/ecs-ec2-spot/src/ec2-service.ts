import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildEc2LoadBalancer, buildTaskSecurityGroup } from "./ec2-load-balancer";
import type { Ec2ServiceArgs } from "./ec2-service-args";
import { buildEc2Service, buildEc2ServiceScaling } from "./ec2-service-build";
import { EC2_SERVICE_TYPE, resolveEc2ServiceArgs, whenKnownEc2ServiceInputs } from "./ec2-service-resolve";
import { buildEc2TaskDefinition, buildTaskLogsAndRoles } from "./ec2-task";
import { awsContext } from "./instance-role";

/**
 * An ECS service on EC2 capacity: task definition (EC2, bridge by default with dynamic host ports),
 * roles with computed least privilege, logs, optional ALB target group and listener rule with
 * the instances opened to the ALB only, placement, deployment circuit breaker and autoscaling.
 */
export class Ec2Service extends pulumi.ComponentResource {
  /** Service name. */
  readonly serviceName: pulumi.Output<string>;
  /** Service ARN. */
  readonly serviceArn: pulumi.Output<string>;
  /** Task definition ARN. */
  readonly taskDefinitionArn: pulumi.Output<string>;
  /** Target group ARN, when behind a load balancer. */
  readonly targetGroupArn?: pulumi.Output<string>;
  /** Execution role ARN. */
  readonly executionRoleArn: pulumi.Output<string>;
  /** Task role ARN. */
  readonly taskRoleArn: pulumi.Output<string>;
  /** Log group name. */
  readonly logGroupName: pulumi.Output<string>;
  /** The service. */
  readonly service: aws.ecs.Service;

  constructor(name: string, args: Ec2ServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EC2_SERVICE_TYPE, name, {}, opts);
    // Resolve (check everything, fill every default), then build in reading order: log group and
    // roles, task definition, task security group (awsvpc), load balancer (target group, rule,
    // ingress), service, scaling (and sleep schedule).
    const r = resolveEc2ServiceArgs(name, args);
    const known = whenKnownEc2ServiceInputs(r);
    const { region, accountId } = awsContext(this);
    const identity = buildTaskLogsAndRoles(this, r, known, accountId);
    const taskDefinition = buildEc2TaskDefinition(this, r, identity, region);
    const taskSecurityGroup = buildTaskSecurityGroup(this, r, known);
    const loadBalancer = buildEc2LoadBalancer(this, r, known, taskSecurityGroup);
    const service = buildEc2Service(this, r, known, { taskDefinition, loadBalancer, taskSecurityGroup });
    buildEc2ServiceScaling(this, r, known, { service, loadBalancer });

    this.serviceName = service.name;
    this.serviceArn = service.arn;
    this.taskDefinitionArn = taskDefinition.arn;
    if (loadBalancer) this.targetGroupArn = loadBalancer.targetGroup.arn;
    this.executionRoleArn = identity.roles.executionRoleArn;
    this.taskRoleArn = identity.roles.taskRoleArn;
    this.logGroupName = identity.logGroup.name;
    this.service = service;
    this.registerOutputs({
      serviceName: this.serviceName,
      serviceArn: this.serviceArn,
      taskDefinitionArn: this.taskDefinitionArn,
      targetGroupArn: this.targetGroupArn,
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      logGroupName: this.logGroupName,
    });
  }
}
