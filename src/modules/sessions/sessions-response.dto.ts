import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AGREEMENT_TYPES, MEETING_STATUSES, OUTCOMES, SESSION_STATUSES } from './sessions.constants';

/** Times are ISO 8601 in the session's zone, with its offset: the local time and the exact instant at once. */
export class LocalIntervalDto {
  @ApiProperty({ example: '2025-09-18T12:00:00+08:00' }) startsAt!: string;
  @ApiProperty({ example: '2025-09-18T13:30:00+08:00' }) endsAt!: string;
}

export class SlotDto extends LocalIntervalDto {
  @ApiProperty() index!: number;
}

export class InterpreterPoolResponseDto {
  @ApiProperty({ example: ['th', 'zh'] }) languages!: string[];
  @ApiProperty() count!: number;
}

export class SchedulingStateDto {
  @ApiProperty({ description: 'A scheduling run holds the session' }) running!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) jobId!: string | null;
}

export class MeetingCountsDto {
  @ApiProperty() draft!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() cancelled!: number;
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) venue!: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone!: string;
  @ApiProperty({ example: '2025-09-18T09:00:00+08:00' }) startsAt!: string;
  @ApiProperty({ example: '2025-09-18T17:00:00+08:00' }) endsAt!: string;
  @ApiProperty() slotMinutes!: number;
  @ApiProperty() tables!: number;
  @ApiProperty({ type: [LocalIntervalDto] }) breaks!: LocalIntervalDto[];
  @ApiProperty({ type: [InterpreterPoolResponseDto] }) interpreters!: InterpreterPoolResponseDto[];
  @ApiProperty({ type: [SlotDto] }) slots!: SlotDto[];
  @ApiProperty({ enum: SESSION_STATUSES }) status!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiPropertyOptional({ type: SchedulingStateDto, description: 'Admins only' }) scheduling?: SchedulingStateDto;
  @ApiPropertyOptional({ type: MeetingCountsDto, description: 'Admins only' }) meetings?: MeetingCountsDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Admins only: what the last scheduling run did', nullable: true }) lastSchedule?: Record<string, unknown> | null;
  @ApiProperty() createdAt!: string;
}

export class AvailabilityResponseDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ type: [Number], description: 'Slot indexes the party attends' }) slots!: number[];
  @ApiProperty({ description: 'False when no availability was given: every slot' }) restricted!: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) maxMeetings!: number | null;
}

export class PartyRefDto {
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
}

export class ListingRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

export class OutcomeResponseDto {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ enum: ['offer', 'need'] }) side!: string;
  @ApiProperty({ enum: OUTCOMES }) outcome!: string;
  @ApiPropertyOptional({ enum: [...AGREEMENT_TYPES, null], nullable: true }) agreementType!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class AgendaMeetingDto extends LocalIntervalDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: string;
  @ApiProperty() slot!: number;
  @ApiProperty() table!: number;
  @ApiProperty({ example: '2025-09-18' }) localDate!: string;
  @ApiProperty({ example: '09:00' }) localStart!: string;
  @ApiProperty({ example: '09:30' }) localEnd!: string;
  @ApiProperty({ enum: ['offer', 'need'], description: 'The caller’s side of the match' }) side!: string;
  @ApiProperty({ type: PartyRefDto }) counterpart!: PartyRefDto;
  @ApiProperty({ type: ListingRefDto }) offer!: ListingRefDto;
  @ApiProperty({ type: ListingRefDto }) need!: ListingRefDto;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'th-zh', description: 'The interpreter pair serving the meeting' }) interpreter!: string | null;
  @ApiPropertyOptional({ type: OutcomeResponseDto, nullable: true, description: 'What the caller’s side recorded' }) outcome!: OutcomeResponseDto | null;
}

export class AgendaResponseDto {
  @ApiProperty({
    type: 'object',
    selfRequired: true,
    required: ['id', 'name', 'venue', 'timeZone'],
    properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, venue: { type: 'string', nullable: true }, timeZone: { type: 'string', example: 'Asia/Bangkok' } },
  })
  session!: { id: string; name: string; venue: string | null; timeZone: string };
  @ApiProperty({ type: 'object', selfRequired: true, required: ['id', 'name'], properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } } })
  party!: { id: string; name: string };
  @ApiProperty({ type: [AgendaMeetingDto] }) meetings!: AgendaMeetingDto[];
}

export class SessionMeetingDto extends LocalIntervalDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matchId!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: string;
  @ApiProperty() slot!: number;
  @ApiProperty() table!: number;
  @ApiProperty() priority!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) interpreter!: string | null;
  @ApiProperty({ type: PartyRefDto }) offerParty!: PartyRefDto;
  @ApiProperty({ type: PartyRefDto }) needParty!: PartyRefDto;
  @ApiProperty({ type: ListingRefDto }) offer!: ListingRefDto;
  @ApiProperty({ type: ListingRefDto }) need!: ListingRefDto;
  @ApiProperty({ type: [OutcomeResponseDto] }) outcomes!: OutcomeResponseDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) cancelReason!: string | null;
}

export class ScheduleStatusDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty() running!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) jobId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'active' }) state!: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: '{ stage, percent }' }) progress!: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) lastSchedule!: Record<string, unknown> | null;
}

export class PublishResponseDto {
  @ApiProperty({ type: SessionResponseDto }) session!: SessionResponseDto;
  @ApiProperty({ description: 'Meetings confirmed by this publication' }) confirmed!: number;
}

export class CountDto {
  @ApiProperty() count!: number;
}

const countRows = (key: string) => ({
  type: 'array' as const,
  items: { type: 'object' as const, required: [key, 'count'], properties: { [key]: { type: 'string' }, count: { type: 'integer' } } },
});

export class OutcomeStatsDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) sessionId!: string | null;
  @ApiProperty({ type: MeetingCountsDto }) meetings!: MeetingCountsDto;
  @ApiProperty({ description: 'Confirmed meetings with at least one side’s outcome' }) withOutcome!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Sides’ outcomes by value', example: { 'no-follow-up': 1, 'follow-up': 3, nda: 1, loi: 0, agreement: 2 } }) outcomes!: Record<string, number>;
  @ApiProperty({
    type: 'object',
    selfRequired: true,
    required: ['total', 'confirmedByBoth', 'byType', 'bySector', 'byCountryPair'],
    properties: {
      total: { type: 'integer' },
      confirmedByBoth: { type: 'integer' },
      byType: countRows('type'),
      bySector: countRows('sector'),
      byCountryPair: countRows('pair'),
    },
    description: 'Meetings where at least one side recorded an agreement; confirmedByBoth when both did',
    example: { total: 2, confirmedByBoth: 1, byType: [{ type: 'licence', count: 2 }], bySector: [{ sector: 'sustainable-development', count: 2 }], byCountryPair: [{ pair: 'CN-TH', count: 2 }] },
  })
  agreements!: {
    total: number;
    confirmedByBoth: number;
    byType: { type: string; count: number }[];
    bySector: { sector: string; count: number }[];
    byCountryPair: { pair: string; count: number }[];
  };
}
