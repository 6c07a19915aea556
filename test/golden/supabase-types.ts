export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  public: {
    Tables: {
      audit_log: {
        Row: {
          "Created At": string | null
          id: number
          payload: Json | null
          statuses: Database["public"]["Enums"]["todo_status"][]
        }
        Insert: {
          "Created At"?: string | null
          id?: never
          payload?: Json | null
          statuses?: Database["public"]["Enums"]["todo_status"][]
        }
        Update: {
          "Created At"?: string | null
          id?: never
          payload?: Json | null
          statuses?: Database["public"]["Enums"]["todo_status"][]
        }
        Relationships: []
      }
      profile_settings: {
        Row: {
          metadata: Json | null
          profile_id: string
          theme: string
        }
        Insert: {
          metadata?: Json | null
          profile_id: string
          theme?: string
        }
        Update: {
          metadata?: Json | null
          profile_id?: string
          theme?: string
        }
        Relationships: [
          {
            foreignKeyName: "profile_settings_profile_id_fkey"
            columns: ["profile_id"]
            isOneToOne: true
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      profiles: {
        Row: {
          avatar_url: string | null
          full_name: string | null
          id: string
          updated_at: string | null
          username: string | null
          website: string | null
        }
        Insert: {
          avatar_url?: string | null
          full_name?: string | null
          id: string
          updated_at?: string | null
          username?: string | null
          website?: string | null
        }
        Update: {
          avatar_url?: string | null
          full_name?: string | null
          id?: string
          updated_at?: string | null
          username?: string | null
          website?: string | null
        }
        Relationships: []
      }
      team_members: {
        Row: {
          profile_id: string
          role: string
          team_id: string
        }
        Insert: {
          profile_id: string
          role?: string
          team_id: string
        }
        Update: {
          profile_id?: string
          role?: string
          team_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "team_members_profile_id_fkey"
            columns: ["profile_id"]
            isOneToOne: false
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "team_members_team_id_fkey"
            columns: ["team_id"]
            isOneToOne: false
            referencedRelation: "teams"
            referencedColumns: ["id"]
          },
        ]
      }
      teams: {
        Row: {
          created_at: string
          id: string
          name: string
          office: Database["public"]["CompositeTypes"]["address"] | null
          search_name: string | null
          slug: string
        }
        Insert: {
          created_at?: string
          id?: string
          name: string
          office?: Database["public"]["CompositeTypes"]["address"] | null
          search_name?: never
          slug: string
        }
        Update: {
          created_at?: string
          id?: string
          name?: string
          office?: Database["public"]["CompositeTypes"]["address"] | null
          search_name?: never
          slug?: string
        }
        Relationships: []
      }
      todos: {
        Row: {
          estimate: number | null
          id: number
          inserted_at: string
          is_complete: boolean | null
          status: Database["public"]["Enums"]["todo_status"]
          tags: string[]
          task: string | null
          user_id: string
        }
        Insert: {
          estimate?: number | null
          id?: number
          inserted_at?: string
          is_complete?: boolean | null
          status?: Database["public"]["Enums"]["todo_status"]
          tags?: string[]
          task?: string | null
          user_id?: string
        }
        Update: {
          estimate?: number | null
          id?: number
          inserted_at?: string
          is_complete?: boolean | null
          status?: Database["public"]["Enums"]["todo_status"]
          tags?: string[]
          task?: string | null
          user_id?: string
        }
        Relationships: []
      }
    }
    Views: {
      profile_todo_counts: {
        Row: {
          id: string | null
          todo_count: number | null
          username: string | null
        }
        Relationships: []
      }
    }
    Functions: {
      handle_new_user: {
        Args: Record<PropertyKey, never>
        Returns: unknown
      }
      search_todos: {
        Args: { query: string }
        Returns: {
          estimate: number | null
          id: number
          inserted_at: string
          is_complete: boolean | null
          status: Database["public"]["Enums"]["todo_status"]
          tags: string[]
          task: string | null
          user_id: string
        }[]
      }
      slugify: {
        Args: { value: string } | { value: string; separator: string }
        Returns: string
      }
      team_overview: {
        Args: { p_team: string }
        Returns: {
          member_id: string
          username: string
          todos: number
        }[]
      }
      todo_count: {
        Args: {
          p_user: string
          p_status?: Database["public"]["Enums"]["todo_status"]
        }
        Returns: number
      }
    }
    Enums: {
      todo_status: "open" | "in_progress" | "done"
    }
    CompositeTypes: {
      address: {
        street: string | null
        city: string | null
        zip: string | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  DefaultSchemaCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends DefaultSchemaCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = DefaultSchemaCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : DefaultSchemaCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][DefaultSchemaCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      todo_status: ["open", "in_progress", "done"],
    },
  },
} as const
