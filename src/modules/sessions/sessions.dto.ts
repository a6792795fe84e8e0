import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { AGREEMENT_TYPES, AgreementType, MEETING_STATUSES, MeetingStatus, Outcome, OUTCOMES, SCHEDULE_MODES, ScheduleMode } from './sessions.constants';

const oneOf = (name: string, values: readonly string[]) => ({ message: `${name} must be one of: ${values.join(', ')}` });
/** With an offset or Z: a bare local time would be read in the server's zone, which means nothing here. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const isoMessage = (name: string) => ({ message: `${name} must be an ISO 8601 date-time with an offset, such as 2025-09-18T09:00:00+08:00` });
const LANGUAGE = /^[a-zA-Z]{2,3}$/;

export class IntervalDto {
  @ApiProperty({ example: '2025-09-18T12:00:00+08:00' })
  @IsString()
  @Matches(ISO_WITH_OFFSET, isoMessage('startsAt'))
  startsAt!: string;

  @ApiProperty({ example: '2025-09-18T13:30:00+08:00' })
  @IsString()
  @Matches(ISO_WITH_OFFSET, isoMessage('endsAt'))
  endsAt!: string;
}

export class InterpreterPoolDto {
  @ApiProperty({ example: ['zh', 'th'], description: 'The two languages (ISO 639 codes) the interpreters work between' })
  @IsArray()
  @ArrayMinSize(2, { message: 'interpreters[].languages must name exactly two languages' })
  @ArrayMaxSize(2, { message: 'interpreters[].languages must name exactly two languages' })
  @ArrayUnique({ message: 'interpreters[].languages must be two different languages' })
  @Matches(LANGUAGE, { each: true, message: 'interpreters[].languages must be language codes such as zh, th, vi' })
  languages!: string[];

  @ApiProperty({ minimum: 1, maximum: 100, description: 'Interpreters for this pair; each serves one meeting per slot' })
  @IsInt()
  @Min(1, { message: 'interpreters[].count must be at least 1' })
  @Max(100)
  count!: number;
}

export class CreateSessionDto {
  @ApiProperty({ example: '9th China–ASEAN Technology Transfer Matchmakings', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ example: 'Nanning International Convention and Exhibition Centre, Hall 5', maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  venue?: string;

  @ApiPropertyOptional({ example: 'Asia/Shanghai', default: 'Asia/Shanghai', description: 'IANA time zone of the venue; times are shown in it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiProperty({ example: '2025-09-18T09:00:00+08:00' })
  @IsString()
  @Matches(ISO_WITH_OFFSET, isoMessage('startsAt'))
  startsAt!: string;

  @ApiProperty({ example: '2025-09-18T17:00:00+08:00' })
  @IsString()
  @Matches(ISO_WITH_OFFSET, isoMessage('endsAt'))
  endsAt!: string;

  @ApiProperty({ minimum: 5, maximum: 480, example: 30 })
  @IsInt({ message: 'slotMinutes must be a whole number of minutes' })
  @Min(5, { message: 'slotMinutes must be at least 5' })
  @Max(480, { message: 'slotMinutes must be at most 480' })
  slotMinutes!: number;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 80 })
  @IsInt({ message: 'tables must be a whole number' })
  @Min(1, { message: 'tables must be at least 1' })
  @Max(1000, { message: 'tables must be at most 1000' })
  tables!: number;

  @ApiPropertyOptional({ type: [IntervalDto], description: 'No meeting overlaps a break' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IntervalDto)
  breaks?: IntervalDto[];

  @ApiPropertyOptional({ type: [InterpreterPoolDto], description: 'Meetings whose parties share no language are placed only where an interpreter for the pair is free' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => InterpreterPoolDto)
  interpreters?: InterpreterPoolDto[];
}

export class AvailabilityDto {
  @ApiPropertyOptional({ type: [Number], example: [0, 1, 2, 3], description: 'Slot indexes (see the session’s slots); or give ranges; neither: every slot' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @ArrayUnique()
  @IsInt({ each: true, message: 'slots must be slot indexes (whole numbers)' })
  @Min(0, { each: true, message: 'slots must be slot indexes (0 or more)' })
  slots?: number[];

  @ApiPropertyOptional({ type: [IntervalDto], description: 'Times the party can attend; the slots wholly inside them count' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IntervalDto)
  ranges?: IntervalDto[];

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 400, nullable: true, description: 'The most meetings the party takes in this session; absent or null: no limit' })
  @IsOptional()
  @IsInt({ message: 'maxMeetings must be a whole number' })
  @Min(0, { message: 'maxMeetings must be 0 or more' })
  @Max(400)
  maxMeetings?: number | null;
}

export class ScheduleRequestDto {
  @ApiPropertyOptional({ enum: SCHEDULE_MODES, default: 'full', description: 'full: plan the draft afresh around confirmed meetings; replan: keep every meeting, fill free places' })
  @IsOptional()
  @IsIn(SCHEDULE_MODES, oneOf('mode', SCHEDULE_MODES))
  mode?: ScheduleMode;
}

export const AGENDA_FORMATS = ['json', 'ics', 'csv'] as const;
export type AgendaFormat = (typeof AGENDA_FORMATS)[number];

export class AgendaQueryDto {
  @ApiPropertyOptional({ enum: AGENDA_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(AGENDA_FORMATS, oneOf('format', AGENDA_FORMATS))
  format?: AgendaFormat;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only: whose agenda (drafts included)' })
  @IsOptional()
  @IsUUID('all', { message: 'partyId must be a UUID' })
  partyId?: string;
}

export class SessionMeetingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: every meeting in one file, no paging' })
  @IsOptional()
  @IsIn(['json', 'csv'], oneOf('format', ['json', 'csv']))
  format?: 'json' | 'csv';

  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES, oneOf('status', MEETING_STATUSES))
  status?: MeetingStatus;
}

export class CancelMeetingDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RecordOutcomeDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES, oneOf('outcome', OUTCOMES))
  outcome!: Outcome;

  @ApiPropertyOptional({ enum: AGREEMENT_TYPES, description: 'Required when outcome is agreement, and only then' })
  @ValidateIf((dto: RecordOutcomeDto) => dto.outcome === 'agreement' || dto.agreementType !== undefined)
  @IsIn(AGREEMENT_TYPES, { message: `agreementType must be one of: ${AGREEMENT_TYPES.join(', ')} (required when outcome is agreement)` })
  agreementType?: AgreementType;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class OutcomeStatsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One session; all sessions when absent' })
  @IsOptional()
  @IsUUID('all', { message: 'sessionId must be a UUID' })
  sessionId?: string;
}
